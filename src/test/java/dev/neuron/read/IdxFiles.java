package dev.neuron.read;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX image and label files for tests, as bytes or into a folder. */
public final class IdxFiles {
  private IdxFiles() {}

  /** An image file: magic 0x803, count, rows, cols, then count·rows·cols pixel bytes. */
  public static byte[] images(long seed, int count, int rows, int cols) {
    SplittableRandom rnd = new SplittableRandom(seed);
    ByteBuffer b = ByteBuffer.allocate(16 + count * rows * cols);
    b.putInt(IdxFile.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols);
    while (b.hasRemaining()) {
      b.put((byte) rnd.nextInt(256));
    }
    return b.array();
  }

  /** A label file: magic 0x801, count, then count labels in {@code 0..classes-1}. */
  public static byte[] labels(long seed, int count, int classes) {
    SplittableRandom rnd = new SplittableRandom(seed);
    ByteBuffer b = ByteBuffer.allocate(8 + count);
    b.putInt(IdxFile.LABELS_MAGIC).putInt(count);
    while (b.hasRemaining()) {
      b.put((byte) rnd.nextInt(classes));
    }
    return b.array();
  }

  public static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  /** Writes {@code <prefix>-images-idx3-ubyte} and {@code <prefix>-labels-idx1-ubyte}. */
  public static void write(Path dir, String prefix, byte[] images, byte[] labels)
      throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), images);
    Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), labels);
  }

  /** A train set and a t10k set of random 8×8 images with labels in 0..9. */
  public static void writeDataset(Path dir, int train, int test) throws IOException {
    write(dir, "train", images(1, train, 8, 8), labels(2, train, 10));
    write(dir, "t10k", images(3, test, 8, 8), labels(4, test, 10));
  }
}
