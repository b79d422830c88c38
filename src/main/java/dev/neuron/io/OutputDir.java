package dev.neuron.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * An output directory that readers see complete or not at all, and that never loses a finished
 * result. Every output ends with an empty {@value #MARKER} file, written last. How the folder
 * becomes visible depends on the file system:
 *
 * <ul>
 *   <li>{@code hdfs:} and {@code file:} rename a folder in one step. The files go into a hidden
 *       sibling {@code .<name>.tmp-<uuid>}, which {@link #commit()} renames to the target with a
 *       rename that refuses an existing target (HDFS: the name node's {@code rename} without
 *       overwrite, atomic; local: a check, then {@code rename(2)}, which fails on a non-empty
 *       folder but replaces an empty one created in the instant between the two).
 *   <li>Any other scheme ({@code s3a:}, {@code gs:}, {@code abfs:} …) is treated as an object
 *       store, whose folder rename copies every object and then deletes it. The files are written
 *       in place and the marker last; a folder without the marker is incomplete, and
 *       {@link #requireComplete} (used by every reader of a model directory) refuses it. The
 *       run first writes a claim, {@value #CLAIM}, holding its own id (refusing to replace
 *       one, then reading it back: a run that finds another's id backs off), removed after the
 *       marker. A folder with a claim and no marker is an unfinished Neuron output, which every
 *       reader refuses ({@link #unfinished}: image sets, predictions, models). {@link #abort()}
 *       deletes the folder only while the claim is still this run's: two runs racing for one
 *       target (both past the existence check at once) never delete each other's files. Without
 *       a conditional write the store cannot make the claim atomic; the window left is between
 *       one run's claim and its read-back.
 * </ul>
 *
 * An existing target is refused before anything is written. If the commit fails (the target
 * appeared meanwhile, the store failed), the finished files are kept and the error names where:
 * {@link #abort()} deletes only what never became a finished output.
 */
public final class OutputDir {
  /** The completion marker, as Hadoop's committers name theirs. */
  public static final String MARKER = "_SUCCESS";
  /** An object-store output's claim while its run writes: the run's id. */
  public static final String CLAIM = "_NEURON_WRITING";
  private static final Set<String> ATOMIC_RENAME = Set.of("file", "hdfs");

  private final Configuration conf;
  private final FileSystem fs;
  private final Path target;
  private final Path dir;
  private final String runId;
  private boolean committing;

  private OutputDir(Configuration conf, FileSystem fs, Path target, Path dir, String runId) {
    this.conf = conf;
    this.fs = fs;
    this.target = target;
    this.dir = dir;
    this.runId = runId;
  }

  public static OutputDir create(Configuration conf, String path) {
    Path target = new Path(path);
    try {
      FileSystem fs = target.getFileSystem(conf);
      target = fs.makeQualified(target);
      if (fs.exists(target)) {
        throw new IllegalArgumentException("output " + path + " already exists; choose another"
            + " --out or remove it");
      }
      String runId = UUID.randomUUID().toString();
      Path dir = renamesAtomically(fs) ? new Path(target.getParent(), "." + target.getName()
          + ".tmp-" + runId) : target;
      if (!fs.mkdirs(dir)) {
        throw new IOException("mkdirs " + dir + " failed");
      }
      if (dir.equals(target)) {
        claim(fs, target, runId, path);
      }
      return new OutputDir(conf, fs, target, dir, runId);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot create output " + path + ": " + e.getMessage(), e);
    }
  }

  /** Writes this run's claim on {@code target}; refuses a target another run has claimed. */
  private static void claim(FileSystem fs, Path target, String runId, String path)
      throws IOException {
    Path claim = new Path(target, CLAIM);
    try (OutputStream out = fs.create(claim, false)) {
      out.write(runId.getBytes(StandardCharsets.UTF_8));
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      throw new IllegalArgumentException("output " + path + " is being written by another run;"
          + " choose another --out", e);
    }
    if (!runId.equals(claimant(fs, target))) {
      throw new IllegalArgumentException("output " + path + " is being written by another run;"
          + " choose another --out");
    }
  }

  /** The id in {@code folder}'s claim, or null when it has none. */
  private static String claimant(FileSystem fs, Path folder) throws IOException {
    try (java.io.InputStream in = fs.open(new Path(folder, CLAIM))) {
      return new String(in.readNBytes(64), StandardCharsets.UTF_8);
    } catch (java.io.FileNotFoundException e) {
      return null;
    }
  }

  /**
   * Why {@code path} (a folder or file read as input) is an unfinished Neuron output, or null: it
   * or its parent (predictions sit in {@code --out/predictions}) holds a claim and no marker.
   */
  public static String unfinished(Configuration conf, String path) {
    Path p = new Path(path);
    try {
      FileSystem fs = p.getFileSystem(conf);
      for (Path f = p; f != null; f = f == p ? p.getParent() : null) {
        if (fs.exists(new Path(f, CLAIM)) && !fs.exists(new Path(f, MARKER))) {
          return f + ": no " + MARKER + " marker: a Neuron output whose run failed or is still"
              + " writing (" + CLAIM + " is there)";
        }
      }
      return null;
    } catch (IOException | IllegalArgumentException e) {
      return null; // A path that cannot be checked this way (a glob): the reader says why.
    }
  }

  /** Whether outputs on {@code fs} are published by one atomic folder rename. */
  static boolean renamesAtomically(FileSystem fs) {
    return ATOMIC_RENAME.contains(fs.getScheme().toLowerCase(Locale.ROOT));
  }

  /**
   * Refuses a folder on an object store that lacks the completion marker: its writer failed or is
   * still writing. On file systems that publish by rename, a visible folder is complete.
   */
  public static void requireComplete(FileSystem fs, Path folder) throws IOException {
    if ((!renamesAtomically(fs) || fs.exists(new Path(folder, CLAIM)))
        && !fs.exists(new Path(folder, MARKER))) {
      throw new FormatException(folder + ": no " + MARKER + " marker: the output is incomplete"
          + " (the run that wrote it failed or is still writing)");
    }
  }

  public Configuration conf() {
    return conf;
  }

  /** Where to write {@code name} before the commit. */
  public String file(String name) {
    return new Path(dir, name).toString();
  }

  /** The folder written before the commit, for writers that fill a whole directory (Spark's). */
  public String stagingDir() {
    return dir.toString();
  }

  /** The final path. */
  public String target() {
    return target.toString();
  }

  public void writeText(String name, String text) {
    writeBytes(name, text.getBytes(StandardCharsets.UTF_8));
  }

  public void writeBytes(String name, byte[] bytes) {
    try (OutputStream out = fs.create(new Path(dir, name), false)) {
      out.write(bytes);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + file(name) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes the marker and publishes everything under the final path. On failure the finished
   * files stay where they are, and the message says where.
   */
  public void commit() {
    committing = true;
    try {
      // Overwrite: Spark's own writers (make-image-set's Parquet) leave a _SUCCESS of their own,
      // on which a create that refuses an existing file failed every such output.
      fs.create(new Path(dir, MARKER), true).close();
      if (!dir.equals(target)) {
        rename();
      } else {
        fs.delete(new Path(dir, CLAIM), false);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot publish output " + target + ": " + e.getMessage()
          + (dir.equals(target) ? "; its files are complete but lack the " + MARKER + " marker"
          : "; the finished output is kept in " + dir), e);
    }
  }

  private void rename() throws IOException {
    if (fs.exists(target)) {
      throw new IOException(target + " appeared while this run was writing");
    }
    if (fs.getScheme().equalsIgnoreCase("file")) {
      // Hadoop's local rename falls back to copying into an existing folder; rename(2) does not.
      try {
        Files.move(java.nio.file.Path.of(dir.toUri()), java.nio.file.Path.of(target.toUri()),
            StandardCopyOption.ATOMIC_MOVE);
      } catch (java.nio.file.FileAlreadyExistsException
          | java.nio.file.DirectoryNotEmptyException e) {
        throw new IOException(target + " appeared while this run was writing", e);
      }
    } else {
      try {
        FileContext.getFileContext(fs.getUri(), conf).rename(dir, target, Options.Rename.NONE);
      } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
        throw new IOException(target + " appeared while this run was writing", e);
      }
    }
  }

  /**
   * Removes what this run wrote, unless a commit was attempted (its files are finished and may
   * be the only copy). Before a commit nothing was complete: the hidden staging folder, or on an
   * object store the target without its marker, which this run created, while its claim is still
   * this run's.
   */
  public void abort() {
    if (committing) {
      return;
    }
    try {
      // On an object store, only while the folder is still this run's: a run that took it over
      // (both past the existence check at once) owns what is in it now.
      if (dir.equals(target) && (!runId.equals(claimant(fs, dir))
          || fs.exists(new Path(dir, MARKER)))) {
        return;
      }
      fs.delete(dir, true);
    } catch (IOException ignored) {
      // Best effort: a hidden staging folder or an unmarked one never reads as a finished output.
    }
  }
}
