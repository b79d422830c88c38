package dev.neuron.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * An output directory that is either complete or absent: files are written into a hidden sibling
 * {@code .<name>.tmp-<uuid>}, which {@link #commit()} renames to the final path and
 * {@link #abort()} deletes. An existing final path is refused before anything is written.
 */
public final class OutputDir {
  private final Configuration conf;
  private final FileSystem fs;
  private final Path target;
  private final Path staging;

  private OutputDir(Configuration conf, FileSystem fs, Path target, Path staging) {
    this.conf = conf;
    this.fs = fs;
    this.target = target;
    this.staging = staging;
  }

  public static OutputDir create(Configuration conf, String path) {
    Path target = new Path(path);
    try {
      FileSystem fs = target.getFileSystem(conf);
      if (fs.exists(target)) {
        throw new IllegalArgumentException("output " + path + " already exists; choose another"
            + " --out or remove it");
      }
      Path staging = new Path(target.getParent(), "." + target.getName() + ".tmp-"
          + UUID.randomUUID());
      if (!fs.mkdirs(staging)) {
        throw new IOException("mkdirs failed");
      }
      return new OutputDir(conf, fs, target, staging);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot create output " + path + ": " + e.getMessage(), e);
    }
  }

  public Configuration conf() {
    return conf;
  }

  /** Where to write {@code name} before the commit. */
  public String file(String name) {
    return new Path(staging, name).toString();
  }

  /** The staging directory itself, for writers that fill a whole directory (Spark's, in append mode). */
  public String stagingDir() {
    return staging.toString();
  }

  /** The final path, as given. */
  public String target() {
    return target.toString();
  }

  public void writeText(String name, String text) {
    writeBytes(name, text.getBytes(StandardCharsets.UTF_8));
  }

  public void writeBytes(String name, byte[] bytes) {
    try (OutputStream out = fs.create(new Path(staging, name), false)) {
      out.write(bytes);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + file(name) + ": " + e.getMessage(), e);
    }
  }

  /** Publishes everything written so far under the final path. */
  public void commit() {
    try {
      if (!fs.rename(staging, target)) {
        throw new IOException("rename to " + target + " failed (does it exist now?)");
      }
    } catch (IOException e) {
      abort();
      throw new IllegalStateException("cannot commit output " + target + ": " + e.getMessage(), e);
    }
  }

  /** Removes the staging directory; the final path stays as it was. */
  public void abort() {
    try {
      fs.delete(staging, true);
    } catch (IOException ignored) {
      // Best effort: a leftover hidden staging directory never looks like a finished output.
    }
  }
}
