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
    public double lossAndDelta(Activation out, float[] y, float[] t, float[] w, float[] d,
        int rows, int cols, float delta) {
      double sum = 0;
      for (int c = 0; c < cols; c++) {
        float wc = weight(w, c);
        double col = w == null ? sum : 0;
        for (int i = c * rows; i < (c + 1) * rows; i++) {
          if (t[i] != 0f) {
            col -= t[i] * Math.log(clip(y[i]));
          }
          d[i] = (out == Activation.SOFTMAX ? y[i] - t[i] : -t[i] / clip(y[i])) * wc;
        }
        sum = w == null ? col : sum + wc * col;
      }
      if (out != Activation.SOFTMAX) {
        out.backward(y, d, rows, cols);
      }
      return sum;
    }
  },
  /** {@code L = (1/n) Σ_i (y_i − t_i)²} over the n outputs. */
  MEAN_SQUARED_ERROR {
    @Override
    public double lossAndDelta(Activation out, float[] y, float[] t, float[] w, float[] d,
        int rows, int cols, float delta) {
      double sum = 0;
      float scale = 2f / rows;
      for (int c = 0; c < cols; c++) {
        float wc = weight(w, c);
        double col = w == null ? sum : 0;
        for (int i = c * rows; i < (c + 1) * rows; i++) {
          float e = y[i] - t[i];
          col += (double) e * e;
          d[i] = scale * e * wc;
        }
        sum = w == null ? col : sum + wc * col;
      }
      out.backward(y, d, rows, cols);
      return sum / rows;
    }
  },
  /** {@code L = −(1/n) Σ_i [t_i log y_i + (1 − t_i) log(1 − y_i)]} over the n outputs. */
  BINARY_CROSSENTROPY {
    @Override
    public double lossAndDelta(Activation out, float[] y, float[] t, float[] w, float[] d,
        int rows, int cols, float delta) {
      double sum = 0;
      float inv = 1f / rows;
      for (int c = 0; c < cols; c++) {
        float wc = weight(w, c);
        double col = w == null ? sum : 0;
        for (int i = c * rows; i < (c + 1) * rows; i++) {
          float p = clip(y[i]);
          col -= t[i] * Math.log(p) + (1f - t[i]) * Math.log(1f - p);
          d[i] = (out == Activation.SIGMOID ? (y[i] - t[i]) * inv
              : (p - t[i]) / (p * (1f - p)) * inv) * wc;
        }
        sum = w == null ? col : sum + wc * col;
      }
      if (out != Activation.SIGMOID) {
        out.backward(y, d, rows, cols);
      }
      return sum / rows;
    }
  },
  /** {@code L = (1/n) Σ_i |y_i − t_i|} over the n outputs; {@code ∂/∂y_i = sign(y_i − t_i)/n}. */
  MEAN_ABSOLUTE_ERROR {
    @Override
    public double lossAndDelta(Activation out, float[] y, float[] t, float[] w, float[] d,
        int rows, int cols, float delta) {
      double sum = 0;
      float scale = 1f / rows;
      for (int c = 0; c < cols; c++) {
        float wc = weight(w, c);
        double col = w == null ? sum : 0;
        for (int i = c * rows; i < (c + 1) * rows; i++) {
          float e = y[i] - t[i];
          col += Math.abs(e);
          d[i] = (e > 0 ? scale : e < 0 ? -scale : 0f) * wc;
        }
        sum = w == null ? col : sum + wc * col;
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
    public double lossAndDelta(Activation out, float[] y, float[] t, float[] w, float[] d,
        int rows, int cols, float delta) {
      double sum = 0;
      float scale = 1f / rows;
      for (int c = 0; c < cols; c++) {
        float wc = weight(w, c);
        double col = w == null ? sum : 0;
        for (int i = c * rows; i < (c + 1) * rows; i++) {
          float e = y[i] - t[i];
          float a = Math.abs(e);
          if (a <= delta) {
            col += 0.5 * e * e;
            d[i] = scale * e * wc;
          } else {
            col += delta * (a - 0.5 * delta);
            d[i] = scale * (e > 0 ? delta : -delta) * wc;
          }
        }
        sum = w == null ? col : sum + wc * col;
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

  /** Example {@code c}'s weight: {@code w[c]}, or 1 when the block has no weights. */
  static float weight(float[] w, int c) {
    return w == null ? 1f : w[c];
  }

  /**
   * Returns the weighted sum {@code Σ_c w_c·L_c} over the block's examples (columns) and writes
   * {@code d = ∂(Σ_c w_c·L_c)/∂z} for the output block, given the network's output
   * {@code y = out(z)} and the targets {@code t}, both {@code rows × cols}; {@code w} holds one
   * weight per column, or is {@code null} for weight 1 everywhere (then the sums are added in the
   * order of the unweighted loss, element after element, so unweighted runs keep their bits).
   * {@code delta} is the Huber loss's δ (the other losses take no parameter). The weighted mean
   * is the caller's: it divides by the batch's weight sum (see {@code train/StepSum}).
   */
  public abstract double lossAndDelta(Activation out, float[] y, float[] t, float[] w,
      float[] d, int rows, int cols, float delta);

  /** Unweighted: every example's weight is 1. */
  public double lossAndDelta(Activation out, float[] y, float[] t, float[] d, int rows,
      int cols, float delta) {
    return lossAndDelta(out, y, t, null, d, rows, cols, delta);
  }

  /** Unweighted, at δ = 1. */
  public double lossAndDelta(Activation out, float[] y, float[] t, float[] d, int rows,
      int cols) {
    return lossAndDelta(out, y, t, null, d, rows, cols, DEFAULT_DELTA);
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
