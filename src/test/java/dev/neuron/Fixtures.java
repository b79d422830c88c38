package dev.neuron;

import dev.neuron.data.ExampleBlock;
import dev.neuron.read.IdxDataset;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/** Test data shared by every tier: synthetic blocks from a seed, and the fetched MNIST files. */
public final class Fixtures {
  /** Where jobs/fetch-mnist.sh puts MNIST; .ci/run fetches it before the tests. */
  public static final Path MNIST = Path.of("data/mnist");

  private Fixtures() {}

  /** Random features in [0, 1) and one-hot targets, examples [start, start + rows). */
  public static ExampleBlock randomBlock(long seed, long start, int rows, int inputs, int classes) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] x = new float[rows * inputs];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextDouble();
    }
    float[] y = new float[rows * classes];
    for (int j = 0; j < rows; j++) {
      y[j * classes + rnd.nextInt(classes)] = 1f;
    }
    return new ExampleBlock(start, rows, inputs, classes, x, y);
  }

  /** {@code b} with weights drawn from {@code seed}: a quarter 0, the rest uniform in [0.1, 4). */
  public static ExampleBlock weighted(ExampleBlock b, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] w = new float[b.rows()];
    for (int j = 0; j < w.length; j++) {
      w[j] = rnd.nextInt(4) == 0 ? 0f : (float) (0.1 + rnd.nextDouble() * 3.9);
    }
    return new ExampleBlock(b.start(), b.rows(), b.inputs(), b.outputs(), b.x(), b.y(), w);
  }

  /** Cuts one block into consecutive blocks of the given sizes (which must sum to its rows). */
  public static ExampleBlock[] split(ExampleBlock b, int... sizes) {
    ExampleBlock[] out = new ExampleBlock[sizes.length];
    int at = 0;
    for (int i = 0; i < sizes.length; i++) {
      int n = sizes[i];
      float[] x = new float[n * b.inputs()];
      float[] y = new float[n * b.outputs()];
      System.arraycopy(b.x(), at * b.inputs(), x, 0, x.length);
      System.arraycopy(b.y(), at * b.outputs(), y, 0, y.length);
      float[] w = b.weights() == null ? null
          : java.util.Arrays.copyOfRange(b.weights(), at, at + n);
      out[i] = new ExampleBlock(b.start() + at, n, b.inputs(), b.outputs(), x, y, w);
      at += n;
    }
    if (at != b.rows()) {
      throw new IllegalArgumentException("sizes sum to " + at + ", block has " + b.rows());
    }
    return out;
  }

  /** The MNIST training or test files ({@code prefix} train or t10k). */
  public static IdxDataset mnist(String prefix) {
    if (!Files.exists(MNIST.resolve(prefix + "-images-idx3-ubyte"))) {
      throw new IllegalStateException("MNIST is missing from " + MNIST.toAbsolutePath()
          + ": run jobs/fetch-mnist.sh (the README's test command does)");
    }
    return IdxDataset.inDirectory(new Configuration(), MNIST.toString(), prefix);
  }

  /**
   * Copies the first {@code train} training and {@code test} test examples of the fetched MNIST
   * into {@code dir} on {@code fs} as valid IDX files (headers rewritten to the new counts).
   */
  public static void copyMnist(FileSystem fs, org.apache.hadoop.fs.Path dir, int train, int test)
      throws IOException {
    for (String prefix : new String[] {"train", "t10k"}) {
      int n = prefix.equals("train") ? train : test;
      copyIdx(fs, prefix + "-images-idx3-ubyte", dir, n, 16, 28 * 28);
      copyIdx(fs, prefix + "-labels-idx1-ubyte", dir, n, 8, 1);
    }
  }

  private static void copyIdx(FileSystem fs, String name, org.apache.hadoop.fs.Path dir, int n,
      int header, int recordSize) throws IOException {
    Path local = MNIST.resolve(name);
    if (!Files.exists(local)) {
      throw new IllegalStateException("MNIST is missing from " + MNIST.toAbsolutePath()
          + ": run jobs/fetch-mnist.sh");
    }
    try (DataInputStream in = new DataInputStream(Files.newInputStream(local));
        DataOutputStream out = new DataOutputStream(
            fs.create(new org.apache.hadoop.fs.Path(dir, name), true))) {
      out.writeInt(in.readInt());
      int count = in.readInt();
      if (n > count) {
        throw new IllegalArgumentException(name + " holds " + count + " records, asked for " + n);
      }
      out.writeInt(n);
      out.write(in.readNBytes(header - 8 + n * recordSize));
    }
  }
}
