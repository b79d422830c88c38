package dev.neuron.data;

import java.io.Serializable;

/**
 * A contiguous run of examples {@code [start, start + rows)} of a data set, column-major: example
 * {@code j}'s features occupy {@code x[j·inputs, (j+1)·inputs)} and its targets (one-hot for
 * classes) {@code y[j·outputs, (j+1)·outputs)}. The unit of caching and of BLAS work.
 */
public final class ExampleBlock implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long start;
  private final int rows;
  private final int inputs;
  private final int outputs;
  private final float[] x;
  private final float[] y;

  public ExampleBlock(long start, int rows, int inputs, int outputs, float[] x, float[] y) {
    if (x.length != (long) rows * inputs || y.length != (long) rows * outputs) {
      throw new IllegalArgumentException(String.format(
          "block of %d rows needs %d features and %d targets, found %d and %d",
          rows, (long) rows * inputs, (long) rows * outputs, x.length, y.length));
    }
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
}
