package dev.neuron.read;

import dev.neuron.data.DataException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Iterator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Decodes a partition's groups of image files ({@link ImageFiles}) into chunks: per file one read
 * of its bytes (on the local file system straight through {@code java.nio}, 17 µs against Hadoop's
 * checksummed 405 µs), one decode with a reused reader, one conversion into the chunk's column.
 * The label is the parent folder's name when it is a whole number ({@code …/7/img.png} is class
 * 7), else the image is unlabelled.
 */
final class ImageChunkReader implements ChunkReader {
  private final Configuration conf;
  private final Iterator<String> groups;
  private final ImageRead how;
  private final long[] skipped = new long[SkipReason.values().length];
  private final ImageCodec codec = new ImageCodec();
  private final ImagePixels pixels = new ImagePixels();
  private String[] lines = new String[0];
  private int next;
  private String dir;
  private String folderError;
  private int label;
  private FileSystem fs;
  private boolean local;

  ImageChunkReader(Configuration conf, Iterator<String> groups, ImageRead how) {
    this.conf = conf;
    this.groups = groups;
    this.how = how;
    // Released when the task ends however it ends (a failed task's reader never runs dry).
    org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
    if (task != null) {
      task.addTaskCompletionListener(new ReleaseCodec(codec));
    }
  }

  /** Closes a task's codec: a static class, so the listener holds the codec alone. */
  private static final class ReleaseCodec implements org.apache.spark.util.TaskCompletionListener {
    private final ImageCodec codec;

    ReleaseCodec(ImageCodec codec) {
      this.codec = codec;
    }

    @Override
    public void onTaskCompletion(org.apache.spark.TaskContext context) {
      codec.close();
    }
  }

  @Override
  public boolean fill(Chunk c) {
    c.cols = 0;
    while (!c.full() && advance()) {
      String file = dir + "/" + lines[next++];
      try {
        int off = c.cols * c.inputs();
        if (folderError != null) {
          throw new InvalidRecord(SkipReason.LABEL_OUT_OF_RANGE, "label (folder)", folderError);
        }
        if (label < 0 && how.labels() == ReadSpec.Labels.REQUIRED) {
          throw new InvalidRecord(SkipReason.MISSING_LABEL, "label",
              "expected a label, found none");
        }
        decode(file, c.x(), off);
      } catch (InvalidRecord e) {
        if (how.invalid() == ReadSpec.Invalid.SKIP) {
          skipped[e.reason().ordinal()]++;
          continue;
        }
        throw new DataException(file + ", field " + e.field() + ": " + e.getMessage());
      }
      c.labels()[c.cols] = label;
      c.rows()[c.cols] = -1;
      if (c.keepsNames()) {
        c.names()[c.cols] = file;
      }
      c.cols++;
    }
    if (c.cols == 0) {
      codec.close();
    }
    return c.cols > 0;
  }

  private void decode(String file, float[] x, int off) {
    try {
      if (!codec.load(open(file))) {
        throw new InvalidRecord(SkipReason.IMAGE_TOO_LARGE, "image", "expected at most "
            + ImageCodec.MAX_BYTES + " bytes, found more");
      }
    } catch (IOException e) {
      // Gone or unreadable since the listing (or a link that cannot be resolved): one record.
      throw new InvalidRecord(SkipReason.UNREADABLE, "image", "cannot read: " + e);
    }
    ImageShape shape = how.shape();
    int side = shape.side();
    ImageCodec.Pixels px = codec.decode(shape, how.sizes());
    if (side < 0) {
      if (px.width * px.height != shape.inputs()) {
        throw new InvalidRecord(SkipReason.IMAGE_SIZE, "image", "expected " + shape.inputs()
            + " pixels (the model's input), found " + px.width + "×" + px.height);
      }
      pixels.convert(px, 1, px.height, px.width, how.scale(), x, off);
    } else {
      pixels.convert(px, shape.planes(), side, side, how.scale(), x, off);
    }
  }

  private InputStream open(String file) throws IOException {
    Path p = new Path(file);
    if (fs == null) {
      fs = p.getFileSystem(conf);
      local = "file".equals(fs.getUri().getScheme());
    }
    return local ? openLocal(java.nio.file.Path.of(p.toUri())) : fs.open(p);
  }

  /**
   * A regular file, or a link to one inside the folder listed ({@link ImageRead#root}); a FIFO,
   * device or socket is refused before it is opened (opening a FIFO blocks until a writer comes).
   */
  private InputStream openLocal(java.nio.file.Path p) throws IOException {
    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class,
        LinkOption.NOFOLLOW_LINKS);
    if (a.isSymbolicLink()) {
      java.nio.file.Path real = p.toRealPath();
      if (how.root() == null || !real.startsWith(how.root())) {
        throw new InvalidRecord(SkipReason.NOT_AN_IMAGE, "image", "a symbolic link to " + real
            + ", outside the folder read" + (how.root() == null ? "" : " (" + how.root() + ")")
            + "; links out of it are not followed");
      }
      p = real;
      a = Files.readAttributes(p, BasicFileAttributes.class);
    }
    if (a.isDirectory()) {
      throw new InvalidRecord(SkipReason.NOT_AN_IMAGE, "image", "a folder, not an image file");
    }
    if (!a.isRegularFile()) {
      throw new InvalidRecord(SkipReason.NOT_AN_IMAGE, "image", "not a regular file (a FIFO,"
          + " socket or device)");
    }
    return Files.newInputStream(p);
  }

  /** Moves to the next file: the next name, a folder line ({@link ImageFiles}), the next group. */
  private boolean advance() {
    while (true) {
      while (next < lines.length) {
        if (lines[next].indexOf('/') < 0) {
          return true;
        }
        dir = lines[next++];
        folder(dir.substring(dir.lastIndexOf('/') + 1));
      }
      if (!groups.hasNext()) {
        return false;
      }
      lines = groups.next().split(String.valueOf(ImageFiles.SEP));
      next = 0;
    }
  }

  /** The class named by the folder, or −1; a number out of range is an error for each file. */
  private void folder(String name) {
    label = -1;
    folderError = null;
    if (name.isEmpty() || name.length() > 9 || !name.chars().allMatch(Character::isDigit)) {
      return;
    }
    int c = Integer.parseInt(name);
    if (c >= how.classes()) {
      folderError = "expected a class in 0.." + (how.classes() - 1)
          + " (the model's outputs), found folder " + name;
    } else {
      label = c;
    }
  }

  @Override
  public long[] skipped() {
    return skipped;
  }
}
