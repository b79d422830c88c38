package dev.neuron.read;

import dev.neuron.data.DataException;
import dev.neuron.data.HadoopConf;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Image files under a folder, at any depth, as partitions of at most {@link #GROUP} files. The
 * driver walks the folders with plain listings of names ({@code java.nio} on {@code file:};
 * Hadoop's {@code listFiles} builds a {@code LocatedFileStatus} and so, on the local file system
 * without the native library, forks a process per file for its permissions: 24–32 ms a file; its
 * plain {@code listStatus} stats each file several times). On {@code file:} an entry named like an
 * image ({@code .png}, {@code .jpg}, {@code .jpeg}, any case) is taken as a file without a
 * {@code stat}, which was 80–95 % of listing 100k files (1.5–3.2 s against 0.06–0.7 s for the
 * names alone); a folder so named is then reported by the reader as not an image.
 *
 * <p>A group is one compact string, {@link #SEP}-separated (NUL, the one character no file name
 * holds; a newline in a name is part of it) elements, {@code "<folder>"} (it contains {@code /})
 * each followed by names in it: about 20 bytes a file on the driver, nothing per file in the tasks'
 * closures but the names. A folder of more than {@code GROUP} files is split into near-equal
 * groups (no 1-file tail task); smaller folders share groups in walk order, so a million files in
 * folders of ten make 1,000 tasks, not 100,000. Names in a folder and folders are sorted, so the
 * partitions do not depend on the file system's listing order. Hidden files ({@code .x},
 * {@code _x}) are left out, as Spark's file sources do.
 */
final class ImageFiles {
  /** Files per partition at most: enough to spread a task's start-up over many decodes. */
  static final int GROUP = 1024;
  /** Separates a group's elements. */
  static final char SEP = '\0';
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ImageFiles.class);

  private ImageFiles() {}

  /** The groups of files under {@code root} (one file: itself). */
  static List<String> list(FileSystem fs, Path root) throws IOException {
    Groups groups = new Groups();
    if (!fs.getFileStatus(root).isDirectory()) {
      groups.add(root.getParent().toString(), List.of(root.getName()));
      return groups.done();
    }
    Deque<Path> dirs = new ArrayDeque<>();
    dirs.push(root);
    List<String> names = new ArrayList<>();
    List<Path> subdirs = new ArrayList<>();
    boolean local = "file".equals(fs.getUri().getScheme());
    int links = 0;
    while (!dirs.isEmpty()) {
      Path dir = dirs.pop();
      names.clear();
      subdirs.clear();
      if (local) {
        links += listLocal(dir, names, subdirs);
      } else {
        for (FileStatus s : fs.listStatus(dir)) {
          if (s.isDirectory()) {
            subdirs.add(s.getPath());
          } else {
            names.add(s.getPath().getName());
          }
        }
      }
      names.removeIf(n -> hidden(n) || n.indexOf(SEP) >= 0);
      subdirs.removeIf(d -> hidden(d.getName()));
      names.sort(null);
      groups.add(dir.toString(), names);
      subdirs.sort(null);
      for (int i = subdirs.size() - 1; i >= 0; i--) {
        dirs.push(subdirs.get(i));
      }
    }
    if (links > 0) {
      LOG.warn("{}: {} symbolic links to folders left out (links to folders are not followed)",
          root, links);
    }
    return groups.done();
  }

  /**
   * {@code how} with the real path of {@code root} on the local file system, inside which a
   * linked file must lie to be read.
   */
  static ImageRead readFor(FileSystem fs, Path root, ImageRead how) throws IOException {
    if (!"file".equals(fs.getUri().getScheme())) {
      return how;
    }
    java.nio.file.Path real = java.nio.file.Path.of(fs.makeQualified(root).toUri()).toRealPath();
    return how.withRoot((Files.isDirectory(real) ? real : real.getParent()).toString());
  }

  /** Packs folders' names into group strings (see the class comment). */
  private static final class Groups {
    private final List<String> done = new ArrayList<>();
    private final StringBuilder open = new StringBuilder();
    private int files;

    void add(String dir, List<String> names) {
      int n = names.size();
      if (n == 0) {
        return;
      }
      if (n > GROUP) {
        flush();
        int parts = (n + GROUP - 1) / GROUP;
        for (int k = 0; k < parts; k++) {
          append(dir, names.subList((int) ((long) n * k / parts),
              (int) ((long) n * (k + 1) / parts)));
          flush();
        }
        return;
      }
      if (files + n > GROUP) {
        flush();
      }
      append(dir, names);
    }

    private void append(String dir, List<String> names) {
      if (files > 0) {
        open.append(SEP);
      }
      open.append(dir);
      for (String name : names) {
        open.append(SEP).append(name);
      }
      files += names.size();
    }

    private void flush() {
      if (files > 0) {
        done.add(open.toString());
        open.setLength(0);
        files = 0;
      }
    }

    List<String> done() {
      flush();
      return done;
    }
  }

  /**
   * {@code groups} cut into at least {@code min} groups when they hold enough files, each part of
   * a group near-equal and starting with its folder's line: a small set (10 folders of 100 files
   * pack into one group) still keeps every core busy.
   */
  static List<String> atLeast(List<String> groups, int min) {
    if (groups.isEmpty() || groups.size() >= min) {
      return groups;
    }
    int parts = (min + groups.size() - 1) / groups.size();
    List<String> out = new ArrayList<>();
    for (String g : groups) {
      String[] lines = g.split(String.valueOf(SEP));
      int files = 0;
      for (String line : lines) {
        files += line.indexOf('/') < 0 ? 1 : 0;
      }
      int k = Math.min(parts, files);
      StringBuilder part = new StringBuilder();
      String dir = null;
      int taken = 0;
      int piece = 0;
      for (String line : lines) {
        if (line.indexOf('/') >= 0) {
          dir = line;
          if (part.length() > 0) {
            part.append(SEP).append(dir);
          }
          continue;
        }
        if (part.length() == 0) {
          part.append(dir);
        }
        part.append(SEP).append(line);
        taken++;
        if (taken == (int) ((long) files * (piece + 1) / k)) {
          out.add(part.toString());
          part.setLength(0);
          piece++;
        }
      }
    }
    return out;
  }

  /**
   * {@code java.nio}: names, and a {@code stat} (not following links) only for a name not like an
   * image file's; the number of links to folders left out.
   */
  private static int listLocal(Path dir, List<String> names, List<Path> subdirs)
      throws IOException {
    int links = 0;
    try (DirectoryStream<java.nio.file.Path> entries =
        Files.newDirectoryStream(java.nio.file.Path.of(dir.toUri()))) {
      for (java.nio.file.Path e : entries) {
        String name = e.getFileName().toString();
        if (imageName(name)) {
          names.add(name);
          continue;
        }
        BasicFileAttributes a;
        try {
          a = Files.readAttributes(e, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException gone) {
          continue;
        }
        if (a.isDirectory()) {
          subdirs.add(new Path(dir, name));
        } else if (a.isSymbolicLink() && Files.isDirectory(e)) {
          links += hidden(name) ? 0 : 1;
        } else {
          names.add(name);
        }
      }
    }
    return links;
  }

  static boolean imageName(String name) {
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1);
    return ext.equalsIgnoreCase("png") || ext.equalsIgnoreCase("jpg")
        || ext.equalsIgnoreCase("jpeg");
  }

  private static boolean hidden(String name) {
    return name.startsWith(".") || name.startsWith("_");
  }

  /** Opens the image files under {@code path} for a model of {@code inputs} → {@code classes}. */
  static Examples<String> open(JavaSparkContext jsc, String path, ReadSpec spec, int inputs,
      int classes, ReadSpec.Labels labels) {
    if (spec.sizes() == ReadSpec.Sizes.RESIZE_DRAFT && TurboJpeg.absence() != null) {
      throw new IllegalArgumentException("--resize-draft needs TurboJPEG: "
          + TurboJpeg.absence());
    }
    List<String> groups;
    ImageRead how = new ImageRead(ImageShape.of(inputs), classes, spec.scaleFor(true),
        spec.sizes(), spec.invalid(), labels);
    try {
      Path root = new Path(path);
      FileSystem fs = root.getFileSystem(jsc.hadoopConfiguration());
      groups = atLeast(list(fs, fs.makeQualified(root)), 2 * jsc.defaultParallelism());
      how = readFor(fs, root, how);
    } catch (IOException e) {
      throw new DataException(path + ": cannot list: " + e.getMessage(), e);
    }
    if (groups.isEmpty()) {
      throw new DataException(path + ": no image files under it (names starting with . or _ are"
          + " left out, and links to folders are not followed)");
    }
    ReaderFactory<String> readers = new Readers.Images(HadoopConf.shared(jsc), how);
    return new Examples<>(jsc.parallelize(groups, Math.max(1, groups.size())), readers, inputs,
        ReadSpec.Ids.FILE_PATH, path);
  }
}
