package dev.neuron.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local folder's fingerprint comes from plain {@code java.nio} listings (Hadoop's located
 * listing forks a process per file without the native library: 40 minutes for 100k images), and
 * is the string Hadoop's listing gives.
 */
class DataIdentityTreeTest {
  /** The local file system with its located listings refused. */
  public static final class NoLocatedListing extends LocalFileSystem {
    @Override
    public RemoteIterator<LocatedFileStatus> listFiles(org.apache.hadoop.fs.Path f,
        boolean recursive) throws IOException {
      throw new IOException("located listing used");
    }

    @Override
    public RemoteIterator<LocatedFileStatus> listLocatedStatus(org.apache.hadoop.fs.Path f)
        throws IOException {
      throw new IOException("located listing used");
    }
  }

  /** The fingerprint as the Hadoop listing makes it: the reference. */
  static String hadoopReference(Path root) throws Exception {
    Configuration conf = new Configuration();
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(root.toString());
    RemoteIterator<LocatedFileStatus> it = p.getFileSystem(conf).listFiles(p, true);
    TreeMap<String, String> files = new TreeMap<>();
    long bytes = 0;
    while (it.hasNext()) {
      FileStatus s = it.next();
      String name = s.getPath().getName();
      if (!name.startsWith("_") && !name.startsWith(".")) {
        files.put(s.getPath().toUri().getPath(), s.getLen() + ":" + s.getModificationTime());
        bytes += s.getLen();
      }
    }
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    files.forEach((k, v) -> sha.update((k + "\t" + v + "\n").getBytes(StandardCharsets.UTF_8)));
    return files.size() + " files:" + bytes + " bytes:" + HexFormat.of().formatHex(sha.digest(),
        0, 8);
  }

  @Test
  void aLocalTreeIsListedWithoutHadoopsLocatedListingToTheSameFingerprint(@TempDir Path tmp)
      throws Exception {
    Path root = tmp.resolve("set");
    for (int d = 0; d < 3; d++) {
      for (int f = 0; f < 5; f++) {
        Path file = root.resolve(d + "/sub/" + f + ".png");
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[d * 10 + f]);
      }
    }
    Files.write(root.resolve("_SUCCESS"), new byte[0]);
    Files.write(root.resolve("0/.hidden.png"), new byte[3]);
    Files.write(root.resolve("top.csv"), "x\n".getBytes(StandardCharsets.UTF_8));
    Configuration conf = new Configuration();
    conf.set("fs.file.impl", NoLocatedListing.class.getName());
    conf.setBoolean("fs.file.impl.disable.cache", true);
    String want = hadoopReference(root);
    assertEquals(want, DataIdentity.ofTree(conf, root.toString()));
    assertEquals(want, DataIdentity.ofTree(conf, root.toUri().toString()));
    Files.write(root.resolve("1/sub/2.png"), new byte[99]);
    assertNotEquals(want, DataIdentity.ofTree(conf, root.toString()));
    assertEquals(hadoopReference(root), DataIdentity.ofTree(conf, root.toString()));
    // One file: itself.
    assertEquals(hadoopReference(root.resolve("top.csv")),
        DataIdentity.ofTree(conf, root.resolve("top.csv").toString()));
  }
}
