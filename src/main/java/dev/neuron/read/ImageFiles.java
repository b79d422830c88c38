package dev.neuron.read;

import dev.neuron.data.DataException;
import dev.neuron.data.HadoopConf;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Image files under a folder, at any depth, as partitions of up to {@link #GROUP} files of one
 * folder. The driver walks the folders with plain listings (names and types: on the local file
 * system Hadoop's {@code listFiles}, which builds a {@code LocatedFileStatus} and so forks a
 * process per file for its permissions without the native library, took 24–32 ms a file) and keeps
 * one compact string per group, {@code "<folder>\n<name>\n<name>…"}: about 20 bytes a file on the
 * driver, nothing per file in the tasks' closures but the names. Names in a folder are sorted, so
 * the partitions do not depend on the file system's listing order. Hidden files ({@code .x},
 * {@code _x}) are left out, as Spark's file sources do.
 */
final class ImageFiles {
  /** Files per partition: enough to spread a task's start-up over many decodes. */
  static final int GROUP = 1024;

  private ImageFiles() {}

  /** The groups of files under {@code path} (one file: itself). */
  static List<String> list(FileSystem fs, Path root) throws IOException {
    FileSystem lister = fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
    List<String> groups = new ArrayList<>();
    Deque<Path> dirs = new ArrayDeque<>();
    FileStatus top = lister.getFileStatus(root);
    if (!top.isDirectory()) {
      groups.add(root.getParent() + "\n" + root.getName());
      return groups;
    }
    dirs.push(root);
    while (!dirs.isEmpty()) {
      Path dir = dirs.pop();
      FileStatus[] entries = lister.listStatus(dir);
      String[] names = new String[entries.length];
      int files = 0;
      List<Path> subdirs = new ArrayList<>();
      for (FileStatus s : entries) {
        String name = s.getPath().getName();
        if (name.startsWith(".") || name.startsWith("_")) {
          continue;
        }
        if (s.isDirectory()) {
          subdirs.add(s.getPath());
        } else {
          names[files++] = name;
        }
      }
      Arrays.sort(names, 0, files);
      String prefix = dir.toString();
      for (int from = 0; from < files; from += GROUP) {
        StringBuilder g = new StringBuilder(prefix);
        for (int i = from; i < Math.min(files, from + GROUP); i++) {
          g.append('\n').append(names[i]);
        }
        groups.add(g.toString());
      }
      subdirs.sort(null);
      for (int i = subdirs.size() - 1; i >= 0; i--) {
        dirs.push(subdirs.get(i));
      }
    }
    return groups;
  }

  /** Opens the image files under {@code path} for a model of {@code inputs} → {@code classes}. */
  static Examples<String> open(JavaSparkContext jsc, String path, ReadSpec spec, int inputs,
      int classes, ReadSpec.Labels labels) {
    List<String> groups;
    try {
      Path root = new Path(path);
      FileSystem fs = root.getFileSystem(jsc.hadoopConfiguration());
      groups = list(fs, fs.makeQualified(root));
    } catch (IOException e) {
      throw new DataException(path + ": cannot list: " + e.getMessage(), e);
    }
    ImageShape shape = ImageShape.of(inputs);
    ReaderFactory<String> readers = new Readers.Images(HadoopConf.shared(jsc), shape, classes,
        spec.scaleFor(true), spec.sizes(), spec.invalid(), labels);
    return new Examples<>(jsc.parallelize(groups, Math.max(1, groups.size())), readers, inputs,
        ReadSpec.Ids.FILE_PATH, path);
  }
}
