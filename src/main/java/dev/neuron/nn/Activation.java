package dev.neuron.nn;

/**
 * Element-wise (or, for softmax, per-column) activations {@code y = f(z)}, applied in place to a
 * column-major block of {@code rows × cols} values stored contiguously.
 *
 * <p>{@link #backward} turns {@code dL/dy} into {@code dL/dz} in place, using only {@code y}, so the
 * pre-activations never need to be kept.
 */
public enum Activation {
  /** {@code f(z) = z}. */
  LINEAR {
    @Override
    public void forward(float[] z, int rows, int cols) {}

    @Override
    public void backward(float[] y, float[] d, int rows, int cols) {}
  },
  /** {@code f(z) = max(0, z)}; {@code f'(z) = 1} where {@code y > 0}, else 0. */
  RELU {
    @Override
    public void forward(float[] z, int rows, int cols) {
      int n = rows * cols;
      for (int i = 0; i < n; i++) {
        z[i] = Math.max(0f, z[i]);
      }
    }

    @Override
    public void backward(float[] y, float[] d, int rows, int cols) {
      int n = rows * cols;
      for (int i = 0; i < n; i++) {
        d[i] = y[i] > 0f ? d[i] : 0f;
      }
    }
  },
  /** {@code f(z) = tanh z}; {@code f' = 1 − y²}. */
  TANH {
    @Override
    public void forward(float[] z, int rows, int cols) {
      int n = rows * cols;
      for (int i = 0; i < n; i++) {
        z[i] = (float) Math.tanh(z[i]);
      }
    }

    @Override
    public void backward(float[] y, float[] d, int rows, int cols) {
      int n = rows * cols;
      for (int i = 0; i < n; i++) {
        d[i] *= 1f - y[i] * y[i];
      }
    }
  },
  /** {@code f(z) = 1 / (1 + e^−z)}; {@code f' = y(1 − y)}. */
  SIGMOID {
    @Override
    public void forward(float[] z, int rows, int cols) {
      int n = rows * cols;
      for (int i = 0; i < n; i++) {
        z[i] = (float) (1.0 / (1.0 + Math.exp(-z[i])));
      }
    }

    @Override
    public void backward(float[] y, float[] d, int rows, int cols) {
      int n = rows * cols;
      for (int i = 0; i < n; i++) {
        d[i] *= y[i] * (1f - y[i]);
      }
    }
  },
  /**
   * Per column: {@code y_i = e^(z_i − max z) / Σ_j e^(z_j − max z)}; the Jacobian product is
   * {@code dz_i = y_i (dy_i − Σ_j y_j dy_j)}.
   */
  SOFTMAX {
    @Override
    public void forward(float[] z, int rows, int cols) {
      for (int c = 0; c < cols; c++) {
        int off = c * rows;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < rows; i++) {
          max = Math.max(max, z[off + i]);
        }
        double sum = 0;
        for (int i = 0; i < rows; i++) {
          float e = (float) Math.exp(z[off + i] - max);
          z[off + i] = e;
          sum += e;
        }
        float inv = (float) (1.0 / sum);
        for (int i = 0; i < rows; i++) {
          z[off + i] *= inv;
        }
      }
    }

    @Override
    public void backward(float[] y, float[] d, int rows, int cols) {
      for (int c = 0; c < cols; c++) {
        int off = c * rows;
        double dot = 0;
        for (int i = 0; i < rows; i++) {
          dot += y[off + i] * d[off + i];
        }
        for (int i = 0; i < rows; i++) {
          d[off + i] = y[off + i] * (d[off + i] - (float) dot);
        }
      }
    }
  };

  /** In place: {@code z ← f(z)} over the first {@code rows·cols} values. */
  public abstract void forward(float[] z, int rows, int cols);

  /** In place: {@code d ← dL/dz} given {@code y = f(z)} and {@code d = dL/dy}. */
  public abstract void backward(float[] y, float[] d, int rows, int cols);

  /** Lower-case name used in configuration and model files, e.g. {@code relu}. */
  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Parses {@link #key()}; the message lists the accepted names. */
  public static Activation fromKey(String key) {
    for (Activation a : values()) {
      if (a.key().equals(key.trim().toLowerCase(java.util.Locale.ROOT))) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown activation '" + key
        + "', expected one of linear, relu, tanh, sigmoid, softmax");
  }
}
