package dev.neuron.io;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * A stand-in for an object store, declared as such: Hadoop's local file system under the scheme
 * {@code objstore:}, except that a rename copies every file and then deletes the source, as
 * {@code s3a:} does. Readers can see the copy half done, and a rename into an existing folder
 * lands inside it. Registered with {@code fs.objstore.impl}.
 */
public final class CopyRenameFileSystem extends RawLocalFileSystem {
  public static final String SCHEME = "objstore";

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    Path to = exists(dst) && getFileStatus(dst).isDirectory() ? new Path(dst, src.getName()) : dst;
    return FileUtil.copy(this, src, this, to, true, getConf());
  }

  /** A configuration in which {@code objstore:} paths use this file system. */
  public static org.apache.hadoop.conf.Configuration conf() {
    org.apache.hadoop.conf.Configuration c = new org.apache.hadoop.conf.Configuration();
    c.set("fs." + SCHEME + ".impl", CopyRenameFileSystem.class.getName());
    c.setBoolean("fs." + SCHEME + ".impl.disable.cache", true);
    return c;
  }
}
