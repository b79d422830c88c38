package dev.neuron.io;

import dev.neuron.nn.Network;
import dev.neuron.train.Checkpointer;
import dev.neuron.train.TrainingState;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A folder of checkpoints on any Hadoop path, {@code checkpoint-e<epoch>-s<step>.nrnc} (zero-padded,
 * so names sort by position), written every {@code everySteps} steps of an epoch
 * ({@code 0}: never mid-epoch) and after every epoch, keeping the newest {@code keep}.
 *
 * <p>A file appears complete or not at all: it is written to a hidden sibling
 * {@code .<name>.tmp-<uuid>} and renamed, and only then are older files deleted, so a process
 * killed at any moment leaves the previous checkpoints intact. One run writes to a folder at a time.
 */
public final class CheckpointDir implements Checkpointer {
  private static final Pattern NAME = Pattern.compile("checkpoint-e\\d{6}-s\\d{9}\\.nrnc");
  private final FileSystem fs;
  private final Path dir;
  private final Network net;
  private final Map<String, String> fingerprint;
  private final String optimizer;
  private final int everySteps;
  private final int keep;
  private final Set<String> allowedChanges;

  private CheckpointDir(FileSystem fs, Path dir, Network net, Map<String, String> fingerprint,
      String optimizer, int everySteps, int keep, Set<String> allowedChanges) {
    this.fs = fs;
    this.dir = dir;
    this.net = net;
    this.fingerprint = Map.copyOf(fingerprint);
    this.optimizer = optimizer;
    this.everySteps = everySteps;
    this.keep = keep;
    this.allowedChanges = Set.copyOf(allowedChanges);
  }

  /**
   * The same folder, resuming despite a change of the fingerprint's {@code keys} (reported as a
   * warning): for data the user knows to be the same (say, copied elsewhere).
   */
  public CheckpointDir allowingChanges(Set<String> keys) {
    return new CheckpointDir(fs, dir, net, fingerprint, optimizer, everySteps, keep, keys);
  }

  /** The folder for a run of {@code net} with these settings; created at the first save. */
  public static CheckpointDir open(Configuration conf, String path, Network net,
      Map<String, String> fingerprint, String optimizer, int everySteps, int keep) {
    if (everySteps < 0 || keep <= 0) {
      throw new IllegalArgumentException("checkpoints: expected every_steps ≥ 0 and keep ≥ 1,"
          + " found " + everySteps + " and " + keep);
    }
    Path dir = new Path(path);
    try {
      FileSystem fs = dir.getFileSystem(conf);
      if (fs.exists(dir) && !fs.getFileStatus(dir).isDirectory()) {
        throw new IOException("exists and is not a directory");
      }
      return new CheckpointDir(fs, dir, net, fingerprint, optimizer, everySteps, keep, Set.of());
    } catch (IOException e) {
      throw new IllegalArgumentException("checkpoint.dir " + path + ": cannot use: "
          + e.getMessage(), e);
    }
  }

  public String path() {
    return dir.toString();
  }

  /** Complete checkpoint files, oldest first. */
  public List<Path> files() {
    TreeSet<String> names = new TreeSet<>();
    try {
      if (!fs.exists(dir)) {
        return List.of();
      }
      for (FileStatus s : fs.listStatus(dir)) {
        if (s.isFile() && NAME.matcher(s.getPath().getName()).matches()) {
          names.add(s.getPath().getName());
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    List<Path> out = new ArrayList<>();
    names.forEach(n -> out.add(new Path(dir, n)));
    return out;
  }

  /**
   * The newest checkpoint that reads back whole, after checking it belongs to this run's network
   * and settings; {@code null} when the folder holds none. Unreadable files are reported to
   * {@code log} and skipped; if every file is unreadable, that is an error.
   */
  public Checkpoint newest(PrintStream log) {
    List<Path> files = files();
    List<String> problems = new ArrayList<>();
    for (int i = files.size() - 1; i >= 0; i--) {
      Checkpoint c;
      try {
        c = CheckpointFile.read(fs.getConf(), files.get(i).toString());
      } catch (FormatException e) {
        log.println("warning: skipping unreadable checkpoint: " + e.getMessage());
        problems.add(e.getMessage());
        continue;
      }
      requireCompatible(c, files.get(i).toString(), log);
      return c;
    }
    if (!problems.isEmpty()) {
      throw new FormatException(dir + ": no readable checkpoint: " + String.join("; ", problems));
    }
    return null;
  }

  private void requireCompatible(Checkpoint c, String file, PrintStream log) {
    List<String> diffs = new ArrayList<>();
    if (!c.network().equals(net)) {
      diffs.add("network: checkpoint " + c.network().describe() + ", this run " + net.describe());
    }
    TreeSet<String> keys = new TreeSet<>(fingerprint.keySet());
    keys.addAll(c.fingerprint().keySet());
    for (String k : keys) {
      String was = c.fingerprint().get(k);
      String now = fingerprint.get(k);
      if (was != null && !was.equals(now) && allowedChanges.contains(k)) {
        log.println("warning: resuming although " + k + " changed: checkpoint " + was
            + ", this run " + (now == null ? "(unset)" : now));
      } else if (was == null || !was.equals(now)) {
        diffs.add(k + ": checkpoint " + (was == null ? "(unset)" : was) + ", this run "
            + (now == null ? "(unset)" : now));
      }
    }
    if (!diffs.isEmpty()) {
      throw new IllegalArgumentException(file + " was written by a run with other settings, so"
          + " resuming from it would not continue that run: " + String.join("; ", diffs)
          + ". Resume with the original settings, or start afresh with another checkpoint.dir");
    }
  }

  @Override
  public void afterStep(TrainingState state, boolean lastOfEpoch) {
    if (everySteps > 0 && !lastOfEpoch && state.step() % everySteps == 0) {
      save(state);
    }
  }

  @Override
  public void afterEpoch(TrainingState state) {
    save(state);
  }

  /** Writes {@code state} atomically, then deletes all but the newest {@code keep} files. */
  public void save(TrainingState state) {
    String name = String.format("checkpoint-e%06d-s%09d.nrnc", state.epoch(), state.step());
    Path target = new Path(dir, name);
    Path tmp = new Path(dir, "." + name + ".tmp-" + UUID.randomUUID());
    try {
      if (!fs.mkdirs(dir)) {
        throw new IOException("mkdirs " + dir + " failed");
      }
      try (FSDataOutputStream out = fs.create(tmp, false)) {
        CheckpointFile.write(out, new Checkpoint(net, fingerprint, optimizer, state));
        out.hsync();
      }
      if (fs.exists(target)) {
        fs.delete(target, false);
      }
      if (!fs.rename(tmp, target)) {
        throw new IOException("rename " + tmp + " → " + target + " failed");
      }
      List<Path> files = files();
      for (int i = 0; i < files.size() - keep; i++) {
        fs.delete(files.get(i), false);
      }
    } catch (IOException e) {
      try {
        fs.delete(tmp, false);
      } catch (IOException ignored) {
        // The hidden temporary name never counts as a checkpoint.
      }
      throw new IllegalStateException("cannot write checkpoint " + target + ": " + e.getMessage(),
          e);
    }
  }
}
