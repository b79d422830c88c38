package dev.neuron.nn;

import java.util.Locale;

/**
 * Per-example losses with Keras' definitions; probabilities are clipped to
 * {@code [ε, 1 − ε]}, {@code ε = 1e-7}, as Keras does, so a confident mistake costs a finite loss.
 *
 * <p>{@link #lossAndDelta} returns the loss summed over the block's examples and writes the
 * gradient of that sum with respect to the last layer's pre-activation {@code z}. With softmax +
 * categorical cross-entropy and sigmoid + binary cross-entropy the two are fused into
 * {@code (y − t)} (scaled by 1/outputs for BCE), which is exact and stable.
 */
public enum Loss {
  /** {@code L = −Σ_i t_i log y_i}, targets one-hot (or any distribution). */
  CATEGORICAL_CROSSENTROPY {
    @Override
    public double lossAndDelta(Activation out, float[] y, float[] t, float[] d, int rows, int cols,
        float delta) {
      int n = rows * cols;
      double sum = 0;
      for (int i = 0; i < n; i++) {
        if (t[i] != 0f) {
          sum -= t[i] * Math.log(clip(y[i]));
        }
      }
      if (out == Activation.SOFTMAX) {
        for (int i = 0; i < n; i++) {
          d[i] = y[i] - t[i];
        }
      } else {
        for (int i = 0; i < n; i++) {
          d[i] = -t[i] / clip(y[i]);
        }
        out.backward(y, d, rows, cols);
      }
      return sum;
    }
  },
  /** {@code L = (1/n) Σ_i (y_i − t_i)²} over the n outputs. */
  MEAN_SQUARED_ERROR {
    @Override
    public double lossAndDelta(Activation out, float[] y, float[] t, float[] d, int rows, int cols,
        float delta) {
      int n = rows * cols;
      double sum = 0;
      float scale = 2f / rows;
      for (int i = 0; i < n; i++) {
        float e = y[i] - t[i];
        sum += (double) e * e;
        d[i] = scale * e;
      }
      out.backward(y, d, rows, cols);
      return sum / rows;
    }
  },
  /** {@code L = −(1/n) Σ_i [t_i log y_i + (1 − t_i) log(1 − y_i)]} over the n outputs. */
  BINARY_CROSSENTROPY {
    @Override
    public double lossAndDelta(Activation out, float[] y, float[] t, float[] d, int rows, int cols,
        float delta) {
      int n = rows * cols;
      double sum = 0;
      for (int i = 0; i < n; i++) {
        float p = clip(y[i]);
        sum -= t[i] * Math.log(p) + (1f - t[i]) * Math.log(1f - p);
      }
      float inv = 1f / rows;
      if (out == Activation.SIGMOID) {
        for (int i = 0; i < n; i++) {
          d[i] = (y[i] - t[i]) * inv;
        }
      } else {
        for (int i = 0; i < n; i++) {
          float p = clip(y[i]);
          d[i] = (p - t[i]) / (p * (1f - p)) * inv;
        }
        out.backward(y, d, rows, cols);
      }
      return sum / rows;
    }
  },
  /** {@code L = (1/n) Σ_i |y_i − t_i|} over the n outputs; {@code ∂/∂y_i = sign(y_i − t_i)/n}. */
  MEAN_ABSOLUTE_ERROR {
    @Override
    public double lossAndDelta(Activation out, float[] y, float[] t, float[] d, int rows, int cols,
        float delta) {
      int n = rows * cols;
      double sum = 0;
      float scale = 1f / rows;
      for (int i = 0; i < n; i++) {
        float e = y[i] - t[i];
        sum += Math.abs(e);
        d[i] = e > 0 ? scale : e < 0 ? -scale : 0f;
      }
      out.backward(y, d, rows, cols);
      return sum / rows;
    }
  },
  /**
   * Keras' {@code Huber(delta)}: {@code L = (1/n) Σ_i h(y_i − t_i)} over the n outputs, with
   * {@code h(e) = e²/2} for {@code |e| ≤ δ} and {@code δ·(|e| − δ/2)} beyond, so
   * {@code ∂/∂y_i = clip(e, −δ, δ)/n}: squared error near the target, absolute error far from it.
   */
  HUBER {
    @Override
    public double lossAndDelta(Activation out, float[] y, float[] t, float[] d, int rows, int cols,
        float delta) {
      int n = rows * cols;
      double sum = 0;
      float scale = 1f / rows;
      for (int i = 0; i < n; i++) {
        float e = y[i] - t[i];
        float a = Math.abs(e);
        if (a <= delta) {
          sum += 0.5 * e * e;
          d[i] = scale * e;
        } else {
          sum += delta * (a - 0.5 * delta);
          d[i] = scale * (e > 0 ? delta : -delta);
        }
      }
      out.backward(y, d, rows, cols);
      return sum / rows;
    }
  };

  static final float EPSILON = 1e-7f;

  /** Keras' default δ of the Huber loss. */
  public static final float DEFAULT_DELTA = 1f;

  static float clip(float p) {
    return Math.min(Math.max(p, EPSILON), 1f - EPSILON);
  }

  /**
   * Returns {@code Σ_examples L} and writes {@code d = ∂(Σ L)/∂z} for the output block, given the
   * network's output {@code y = out(z)} and the targets {@code t}, both {@code rows × cols};
   * {@code delta} is the Huber loss's δ (the other losses take no parameter).
   */
  public abstract double lossAndDelta(Activation out, float[] y, float[] t, float[] d, int rows,
      int cols, float delta);

  /** {@link #lossAndDelta(Activation, float[], float[], float[], int, int, float)} at δ = 1. */
  public double lossAndDelta(Activation out, float[] y, float[] t, float[] d, int rows,
      int cols) {
    return lossAndDelta(out, y, t, d, rows, cols, DEFAULT_DELTA);
  }

  /** Whether the loss measures a distance to real-valued targets (a regression loss). */
  public boolean regression() {
    return this == MEAN_SQUARED_ERROR || this == MEAN_ABSOLUTE_ERROR || this == HUBER;
  }

  /** Keras' name, e.g. {@code categorical_crossentropy}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Loss fromKey(String key) {
    for (Loss l : values()) {
      if (l.key().equals(key.trim().toLowerCase(Locale.ROOT))) {
        return l;
      }
    }
    throw new IllegalArgumentException("unknown loss '" + key + "', expected one of "
        + java.util.Arrays.stream(values()).map(Loss::key)
            .collect(java.util.stream.Collectors.joining(", ")));
  }
}
