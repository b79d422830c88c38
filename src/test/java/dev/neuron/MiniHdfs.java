package dev.neuron;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A real HDFS (Hadoop's MiniDFSCluster: one name node, one data node, on 127.0.0.1) for tests, in
 * a fresh folder under {@code target/}; closing it stops both nodes and deletes their storage.
 */
public final class MiniHdfs implements AutoCloseable {
  private final MiniDFSCluster cluster;
  private final FileSystem fs;

  private MiniHdfs(MiniDFSCluster cluster) throws IOException {
    this.cluster = cluster;
    this.fs = cluster.getFileSystem();
  }

  public static MiniHdfs start() throws IOException {
    File base = new File("target/minidfs-" + UUID.randomUUID()).getAbsoluteFile();
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.getPath());
    // Executors in other JVMs reach the data node at the address the name node hands out.
    conf.set("dfs.datanode.address", "127.0.0.1:0");
    conf.set("dfs.datanode.http.address", "127.0.0.1:0");
    conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
    return new MiniHdfs(new MiniDFSCluster.Builder(conf).numDataNodes(1).build());
  }

  public FileSystem fs() {
    return fs;
  }

  /** {@code hdfs://127.0.0.1:PORT/path}. */
  public String uri(String path) {
    return "hdfs://127.0.0.1:" + cluster.getNameNodePort() + path;
  }

  /**
   * Copies the first {@code train} training and {@code test} test examples of the fetched MNIST
   * into {@code dir} as valid IDX files (headers rewritten to the new counts); returns its URI.
   */
  public String copyMnist(String dir, int train, int test) throws IOException {
    Fixtures.copyMnist(fs, new Path(dir), train, test);
    return uri(dir);
  }

  /** Reads a whole (small) file. */
  public String read(String path) throws IOException {
    try (InputStream in = fs.open(new Path(path))) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    cluster.shutdown(true);
  }
}
