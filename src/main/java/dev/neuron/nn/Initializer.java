package dev.neuron.nn;

import java.util.Locale;
import java.util.SplittableRandom;

/** Weight initializers with Keras' definitions; biases always start at zero. */
public enum Initializer {
  /** Uniform on {@code [−l, l]}, {@code l = √(6 / (fan_in + fan_out))} (Keras' default). */
  GLOROT_UNIFORM {
    @Override
    float draw(SplittableRandom rnd, int fanIn, int fanOut) {
      double limit = Math.sqrt(6.0 / (fanIn + fanOut));
      return (float) ((rnd.nextDouble() * 2 - 1) * limit);
    }
  },
  /**
   * Normal with {@code σ = √(2 / fan_in)}, truncated at 2σ and rescaled as Keras' {@code he_normal}
   * does (truncation shrinks the spread by 0.8796).
   */
  HE_NORMAL {
    @Override
    float draw(SplittableRandom rnd, int fanIn, int fanOut) {
      double sigma = Math.sqrt(2.0 / fanIn) / 0.87962566103423978;
      double g;
      do {
        g = gaussian(rnd);
      } while (Math.abs(g) > 2);
      return (float) (g * sigma);
    }
  },
  /** All zeros (useful for tests and linear models). */
  ZEROS {
    @Override
    float draw(SplittableRandom rnd, int fanIn, int fanOut) {
      return 0f;
    }
  };

  abstract float draw(SplittableRandom rnd, int fanIn, int fanOut);

  /** Fills {@code n} weights of a layer with {@code fanIn} inputs and {@code fanOut} outputs. */
  public void fill(float[] w, int off, int n, int fanIn, int fanOut, SplittableRandom rnd) {
    for (int i = 0; i < n; i++) {
      w[off + i] = draw(rnd, fanIn, fanOut);
    }
  }

  private static double gaussian(SplittableRandom rnd) {
    double u1 = 1.0 - rnd.nextDouble();
    double u2 = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Initializer fromKey(String key) {
    for (Initializer i : values()) {
      if (i.key().equals(key.trim().toLowerCase(Locale.ROOT))) {
        return i;
      }
    }
    throw new IllegalArgumentException("unknown initializer '" + key
        + "', expected one of glorot_uniform, he_normal, zeros");
  }
}
