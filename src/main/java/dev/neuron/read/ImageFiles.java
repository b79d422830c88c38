package dev.neuron.read;

import dev.neuron.data.DataException;
import dev.neuron.data.HadoopConf;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Image files under a folder, at any depth, as partitions of up to {@link #GROUP} files of one
 * folder. The driver walks the folders with plain listings, names and types only ({@code java.nio}
 * on {@code file:}; Hadoop's {@code listFiles} builds a {@code LocatedFileStatus} and so, on the
 * local file system without the native library, forks a process per file for its permissions:
 * 24–32 ms a file; its plain {@code listStatus} stats each file several times) and keeps
 * one compact string per group, {@code "<folder>\n<name>\n<name>…"}: about 20 bytes a file on the
 * driver, nothing per file in the tasks' closures but the names. Names in a folder are sorted, so
 * the partitions do not depend on the file system's listing order. Hidden files ({@code .x},
 * {@code _x}) are left out, as Spark's file sources do.
 */
final class ImageFiles {
  /** Files per partition: enough to spread a task's start-up over many decodes. */
  static final int GROUP = 1024;

  private ImageFiles() {}

  /** The groups of files under {@code root} (one file: itself). */
  static List<String> list(FileSystem fs, Path root) throws IOException {
    List<String> groups = new ArrayList<>();
    if (!fs.getFileStatus(root).isDirectory()) {
      groups.add(root.getParent() + "\n" + root.getName());
      return groups;
    }
    Deque<Path> dirs = new ArrayDeque<>();
    dirs.push(root);
    List<String> names = new ArrayList<>();
    List<Path> subdirs = new ArrayList<>();
    boolean local = "file".equals(fs.getUri().getScheme());
    while (!dirs.isEmpty()) {
      Path dir = dirs.pop();
      names.clear();
      subdirs.clear();
      if (local) {
        listLocal(dir, names, subdirs);
      } else {
        for (FileStatus s : fs.listStatus(dir)) {
          if (s.isDirectory()) {
            subdirs.add(s.getPath());
          } else {
            names.add(s.getPath().getName());
          }
        }
      }
      names.removeIf(ImageFiles::hidden);
      subdirs.removeIf(d -> hidden(d.getName()));
      names.sort(null);
      for (int from = 0; from < names.size(); from += GROUP) {
        StringBuilder g = new StringBuilder(dir.toString());
        for (String n : names.subList(from, Math.min(names.size(), from + GROUP))) {
          g.append('\n').append(n);
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

  /** {@code java.nio}: a name and one {@code stat} per entry, 5–7× faster than Hadoop's here. */
  private static void listLocal(Path dir, List<String> names, List<Path> subdirs)
      throws IOException {
    try (DirectoryStream<java.nio.file.Path> entries =
        Files.newDirectoryStream(java.nio.file.Path.of(dir.toUri()))) {
      for (java.nio.file.Path e : entries) {
        String name = e.getFileName().toString();
        if (Files.isDirectory(e)) {
          subdirs.add(new Path(dir, name));
        } else {
          names.add(name);
        }
      }
    }
  }

  private static boolean hidden(String name) {
    return name.startsWith(".") || name.startsWith("_");
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
    ReaderFactory<String> readers = new Readers.Images(HadoopConf.shared(jsc), new ImageRead(
        ImageShape.of(inputs), classes, spec.scaleFor(true), spec.sizes(), spec.invalid(), labels));
    return new Examples<>(jsc.parallelize(groups, Math.max(1, groups.size())), readers, inputs,
        ReadSpec.Ids.FILE_PATH, path);
  }
}
