package dev.neuron.read;

import dev.neuron.data.DataException;
import dev.neuron.data.ExampleBlock;
import java.io.IOException;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * An IDX image file and its label file, checked to agree. Images become features scaled to
 * {@code [0, 1]} ({@code pixel / 255}); labels become one-hot targets over {@code classes}.
 */
public record IdxDataset(IdxFile images, IdxFile labels) implements Serializable {

  public IdxDataset {
    if (!images.images()) {
      throw new DataException(images.path() + ": header, field magic: expected an image file"
          + " (0x00000803), found a label file");
    }
    if (labels.images()) {
      throw new DataException(labels.path() + ": header, field magic: expected a label file"
          + " (0x00000801), found an image file");
    }
    if (images.count() != labels.count()) {
      throw new DataException(String.format("%s holds %d images but %s holds %d labels",
          images.path(), images.count(), labels.path(), labels.count()));
    }
  }

  public static IdxDataset open(Configuration conf, String imagesPath, String labelsPath) {
    return new IdxDataset(IdxFile.open(conf, imagesPath), IdxFile.open(conf, labelsPath));
  }

  /**
   * Finds {@code <prefix>-images-idx3-ubyte} and {@code <prefix>-labels-idx1-ubyte} (each plain or
   * {@code .gz}) in {@code dir}; MNIST's prefixes are {@code train} and {@code t10k}.
   */
  public static IdxDataset inDirectory(Configuration conf, String dir, String prefix) {
    return open(conf, find(conf, dir, prefix + "-images-idx3-ubyte"),
        find(conf, dir, prefix + "-labels-idx1-ubyte"));
  }

  private static String find(Configuration conf, String dir, String name) {
    try {
      Path base = new Path(dir);
      FileSystem fs = base.getFileSystem(conf);
      for (String candidate : new String[] {name, name + ".gz"}) {
        Path p = new Path(base, candidate);
        if (fs.exists(p)) {
          return p.toString();
        }
      }
    } catch (IOException e) {
      throw new DataException(dir + ": cannot list: " + e.getMessage(), e);
    }
    throw new DataException(dir + ": no file " + name + " or " + name + ".gz");
  }

  public long count() {
    return images.count();
  }

  /** Features per example: {@code rows × cols}. */
  public int features() {
    return images.recordSize();
  }

  /** Reads examples {@code [from, from + n)} into one block with one-hot targets. */
  public ExampleBlock read(Configuration conf, long from, int n, int classes) {
    int features = features();
    if ((long) n * features > Integer.MAX_VALUE - 8) {
      throw new DataException(String.format("%s: records %d..%d: %d images of %d pixels exceed a"
          + " block's 2^31 bytes; use more partitions", images.path(), from, from + n, n,
          features));
    }
    byte[] pixels = new byte[n * features];
    images.readRecords(conf, from, n, pixels);
    byte[] labelBytes = new byte[n];
    labels.readRecords(conf, from, n, labelBytes);
    float[] x = new float[pixels.length];
    pixels(pixels, 0, x, 0, pixels.length, 255f);
    float[] y = new float[n * classes];
    for (int j = 0; j < n; j++) {
      int label = labelBytes[j] & 0xff;
      if (label >= classes) {
        throw labelOutOfRange(from + j, label, classes);
      }
      y[j * classes + label] = 1f;
    }
    return new ExampleBlock(from, n, features, classes, x, y);
  }

  /**
   * The one decoding of IDX pixels, for training blocks and scoring chunks alike:
   * {@code dst[dstAt + i] = (src[srcAt + i] & 0xff) / scale} for {@code i < n}.
   */
  static void pixels(byte[] src, int srcAt, float[] dst, int dstAt, int n, float scale) {
    for (int i = 0; i < n; i++) {
      dst[dstAt + i] = (src[srcAt + i] & 0xff) / scale;
    }
  }

  /** The error for record {@code index}'s label byte {@code label}, not below {@code classes}. */
  DataException labelOutOfRange(long index, int label, int classes) {
    return DataException.at(labels.path(), index, "label", "expected a class in 0.."
        + (classes - 1) + " (the model's outputs), found " + label);
  }
}
