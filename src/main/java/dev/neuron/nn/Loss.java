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
    double term(float y, float t, float delta) {
      return t != 0f ? -(t * Math.log(clip(y))) : 0;
    }

    @Override
    float slope(Activation out, float y, float t, int rows, float delta) {
      return out == Activation.SOFTMAX ? y - t : -t / clip(y);
    }

    @Override
    boolean fused(Activation out) {
      return out == Activation.SOFTMAX;
    }

    @Override
    int divisor(int rows) {
      return 1;
    }
  },
  /** {@code L = (1/n) Σ_i (y_i − t_i)²} over the n outputs. */
  MEAN_SQUARED_ERROR {
    @Override
    double term(float y, float t, float delta) {
      float e = y - t;
      return (double) e * e;
    }

    @Override
    float slope(Activation out, float y, float t, int rows, float delta) {
      return 2f / rows * (y - t);
    }
  },
  /** {@code L = −(1/n) Σ_i [t_i log y_i + (1 − t_i) log(1 − y_i)]} over the n outputs. */
  BINARY_CROSSENTROPY {
    @Override
    double term(float y, float t, float delta) {
      float p = clip(y);
      return -(t * Math.log(p) + (1f - t) * Math.log(1f - p));
    }

    @Override
    float slope(Activation out, float y, float t, int rows, float delta) {
      float inv = 1f / rows;
      float p = clip(y);
      return out == Activation.SIGMOID ? (y - t) * inv : (p - t) / (p * (1f - p)) * inv;
    }

    @Override
    boolean fused(Activation out) {
      return out == Activation.SIGMOID;
    }
  },
  /** {@code L = (1/n) Σ_i |y_i − t_i|} over the n outputs; {@code ∂/∂y_i = sign(y_i − t_i)/n}. */
  MEAN_ABSOLUTE_ERROR {
    @Override
    double term(float y, float t, float delta) {
      return Math.abs(y - t);
    }

    @Override
    float slope(Activation out, float y, float t, int rows, float delta) {
      float e = y - t;
      float scale = 1f / rows;
      return e > 0 ? scale : e < 0 ? -scale : 0f;
    }
  },
  /**
   * Keras' {@code Huber(delta)}: {@code L = (1/n) Σ_i h(y_i − t_i)} over the n outputs, with
   * {@code h(e) = e²/2} for {@code |e| ≤ δ} and {@code δ·(|e| − δ/2)} beyond, so
   * {@code ∂/∂y_i = clip(e, −δ, δ)/n}: squared error near the target, absolute error far from it.
   */
  HUBER {
    @Override
    double term(float y, float t, float delta) {
      float e = y - t;
      float a = Math.abs(e);
      return a <= delta ? 0.5 * e * e : delta * (a - 0.5 * delta);
    }

    @Override
    float slope(Activation out, float y, float t, int rows, float delta) {
      float e = y - t;
      float scale = 1f / rows;
      return Math.abs(e) <= delta ? scale * e : scale * (e > 0 ? delta : -delta);
    }
  };

  static final float EPSILON = 1e-7f;

  /** Keras' default δ of the Huber loss. */
  public static final float DEFAULT_DELTA = 1f;

  static float clip(float p) {
    return Math.min(Math.max(p, EPSILON), 1f - EPSILON);
  }

  /**
   * Returns the weighted sum {@code Σ_c w_c·L_c} over the block's examples (columns) and writes
   * {@code d = ∂(Σ_c w_c·L_c)/∂z} for the output block, given the network's output
   * {@code y = out(z)} and the targets {@code t}, both {@code rows × cols}; {@code w} holds one
   * weight per column, or is {@code null} for weight 1 everywhere. {@code delta} is the Huber
   * loss's δ (the other losses take no parameter). The weighted mean is the caller's: it divides
   * by the batch's weight sum (see {@code train/CheckedMean}).
   */
  public double lossAndDelta(Activation out, float[] y, float[] t, float[] w, float[] d,
      int rows, int cols, float delta) {
    double sum = 0;
    for (int c = 0; c < cols; c++) {
      float wc = w == null ? 1f : w[c];
      // Unweighted, the terms run on in one sum, element after element, as they did before
      // examples had weights: unweighted runs keep their bits.
      double col = w == null ? sum : 0;
      for (int i = c * rows; i < (c + 1) * rows; i++) {
        col += term(y[i], t[i], delta);
        d[i] = slope(out, y[i], t[i], rows, delta) * wc;
      }
      sum = w == null ? col : sum + wc * col;
    }
    if (!fused(out)) {
      out.backward(y, d, rows, cols);
    }
    return sum / divisor(rows);
  }

  /** One output's loss {@code L_i} before the division by {@link #divisor}. */
  abstract double term(float y, float t, float delta);

  /** {@code ∂L/∂y} of one output (or {@code ∂L/∂z} where {@link #fused}). */
  abstract float slope(Activation out, float y, float t, int rows, float delta);

  /**
   * Whether {@link #slope} is already the gradient with respect to {@code z} for this output
   * activation (softmax + categorical, sigmoid + binary cross-entropy: exact and stable).
   */
  boolean fused(Activation out) {
    return false;
  }

  /** What the summed terms are divided by: the outputs for the per-output means, else 1. */
  int divisor(int rows) {
    return rows;
  }

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
