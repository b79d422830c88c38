package dev.neuron.data;

import java.io.Serializable;

/**
 * A contiguous run of examples {@code [start, start + rows)} of a data set, column-major: example
 * {@code j}'s features occupy {@code x[j·inputs, (j+1)·inputs)}, its targets (one-hot for
 * classes) {@code y[j·outputs, (j+1)·outputs)} and its weight {@code w[j]} (sample weight times
 * class weight; no array when every weight is 1). The unit of caching and of BLAS work.
 */
public final class ExampleBlock implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long start;
  private final int rows;
  private final int inputs;
  private final int outputs;
  private final float[] x;
  private final float[] y;
  private final float[] w;

  public ExampleBlock(long start, int rows, int inputs, int outputs, float[] x, float[] y) {
    this(start, rows, inputs, outputs, x, y, null);
  }

  /** {@code w}: one weight per example, or {@code null} when every weight is 1. */
  public ExampleBlock(long start, int rows, int inputs, int outputs, float[] x, float[] y,
      float[] w) {
    if (x.length != (long) rows * inputs || y.length != (long) rows * outputs) {
      throw new IllegalArgumentException(String.format(
          "block of %d rows needs %d features and %d targets, found %d and %d",
          rows, (long) rows * inputs, (long) rows * outputs, x.length, y.length));
    }
    if (w != null && w.length != rows) {
      throw new IllegalArgumentException("block of " + rows + " rows needs " + rows
          + " weights, found " + w.length);
    }
    this.w = w;
    this.start = start;
    this.rows = rows;
    this.inputs = inputs;
    this.outputs = outputs;
    this.x = x;
    this.y = y;
  }

  /** Global index of the first example. */
  public long start() {
    return start;
  }

  public int rows() {
    return rows;
  }

  public int inputs() {
    return inputs;
  }

  public int outputs() {
    return outputs;
  }

  public float[] x() {
    return x;
  }

  public float[] y() {
    return y;
  }

  /** One weight per example, or {@code null} when every weight is 1. */
  public float[] weights() {
    return w;
  }

  /** The same examples numbered from {@code first} (the arrays are shared). */
  public ExampleBlock startingAt(long first) {
    return new ExampleBlock(first, rows, inputs, outputs, x, y, w);
  }
}
