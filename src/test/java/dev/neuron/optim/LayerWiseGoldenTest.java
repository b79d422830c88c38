package dev.neuron.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.neuron.nn.Activation;
import dev.neuron.nn.Network;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * LARS and LAMB against the papers' formulas, coded again here in double apart from the rules
 * (You et al. 2017, Algorithm 1; You et al. 2019, Algorithm 2, φ the identity): one step, then a
 * second, on three tensors — a "W" of four values, a "b" still at zero (the ratio's fallback) and a
 * "W" of two values — with the gradients below.
 */
class LayerWiseGoldenTest {
  private static final Tensors TENSORS = new Tensors(new int[] {0, 4, 6, 8});
  private static final float[] W0 = {1f, -2f, 0.5f, 3f, 0f, 0f, -1f, 4f};
  private static final float[] G1 = {0.5f, -1f, 0.25f, 2f, 0.1f, -0.3f, 0.2f, -0.6f};
  private static final float[] G2 = {0.25f, 2f, -0.5f, 1f, -0.2f, 0.4f, 0.3f, 0.1f};

  /** Lars(lr 2, momentum 0.9, β 0.01, η 0.05) stepped in double from the paper's Algorithm 1. */
  private static double[][] larsReference(double lr, double m, double beta, double eta) {
    double[] w = toDouble(W0);
    double[] v = new double[w.length];
    double[][] out = new double[2][];
    float[][] grads = {G1, G2};
    for (int t = 0; t < 2; t++) {
      double[] g = toDouble(grads[t]);
      for (int k = 0; k < TENSORS.count(); k++) {
        double wn = norm(w, k);
        double gn = norm(g, k);
        // local LR λ = η‖w‖/(‖g‖ + β‖w‖); 1 where a norm is zero (TensorFlow's LARSOptimizer)
        double local = wn > 0 && gn > 0 ? eta * wn / (gn + beta * wn) : 1;
        for (int i = TENSORS.from(k); i < TENSORS.to(k); i++) {
          v[i] = m * v[i] + lr * local * (g[i] + beta * w[i]);
        }
      }
      for (int i = 0; i < w.length; i++) {
        w[i] -= v[i];
      }
      out[t] = w.clone();
    }
    return out;
  }

  /** Lamb stepped in double from the paper's Algorithm 2 (φ(z) = z). */
  private static double[][] lambReference(double lr, double b1, double b2, double eps,
      double lambda) {
    double[] x = toDouble(W0);
    double[] m = new double[x.length];
    double[] v = new double[x.length];
    double[][] out = new double[2][];
    float[][] grads = {G1, G2};
    for (int t = 1; t <= 2; t++) {
      double[] g = toDouble(grads[t - 1]);
      double[] r = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        m[i] = b1 * m[i] + (1 - b1) * g[i];
        v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
        double mHat = m[i] / (1 - Math.pow(b1, t));
        double vHat = v[i] / (1 - Math.pow(b2, t));
        r[i] = mHat / (Math.sqrt(vHat) + eps) + lambda * x[i];
      }
      double[] next = x.clone();
      for (int k = 0; k < TENSORS.count(); k++) {
        double xn = norm(x, k);
        double rn = norm(r, k);
        double trust = xn > 0 && rn > 0 ? xn / rn : 1;
        for (int i = TENSORS.from(k); i < TENSORS.to(k); i++) {
          next[i] = x[i] - lr * trust * r[i];
        }
      }
      x = next;
      out[t - 1] = x.clone();
    }
    return out;
  }

  @Test
  void larsFollowsAlgorithm1() {
    assertSteps(new Lars(2f, 0.9f, 0.01f, 0.05f), larsReference(2, 0.9, 0.01, 0.05));
  }

  @Test
  void larsWithoutMomentumOrDecayIsTheNormalizedGradientStep() {
    // m = β = 0: each tensor moves by lr·η·‖w‖ along −g/‖g‖, the paper's equation (6).
    float[] w = W0.clone();
    new Lars(1f, 0f, 0f, 0.1f).step(w, G1, new Lars(1f, 0f, 0f, 0.1f).newState(8), TENSORS);
    double wn = Math.sqrt(1 + 4 + 0.25 + 9);
    double gn = Math.sqrt(0.25 + 1 + 0.0625 + 4);
    assertEquals(1 - 0.1 * wn * 0.5 / gn, w[0], 1e-6);
    assertEquals(0.1f, -w[4], 1e-7f, "the zero bias takes lr·g (ratio 1)");
    assertArrayEquals(toFloat(larsReference(1, 0, 0, 0.1)[0]), w, 2e-6f);
  }

  @Test
  void lambFollowsAlgorithm2() {
    assertSteps(new Lamb(0.01f, 0.9f, 0.999f, 1e-6f, 0.01f),
        lambReference(0.01, 0.9, 0.999, 1e-6, 0.01));
    assertSteps(new Lamb(0.1f, 0.5f, 0.9f, 1e-3f, 0f), lambReference(0.1, 0.5, 0.9, 1e-3, 0));
  }

  @Test
  void lambsFirstStepMovesEachTensorByLrTimesItsNorm() {
    // t = 1, λ = 0: r = g/(|g| + ε') elementwise, so ‖Δw‖ = lr·‖w‖ in each nonzero tensor.
    float[] w = W0.clone();
    Lamb lamb = new Lamb(0.01f, 0.9f, 0.999f, 1e-6f, 0f);
    lamb.step(w, G1, lamb.newState(8), TENSORS);
    double moved = 0;
    for (int i = 0; i < 4; i++) {
      moved += (w[i] - W0[i]) * (double) (w[i] - W0[i]);
    }
    assertEquals(0.01 * Math.sqrt(1 + 4 + 0.25 + 9), Math.sqrt(moved), 1e-6);
  }

  @Test
  void chunkedUpdatesGiveTheBitsOfOneStep() {
    // As the driver runs it: prepare once, then the element-wise rest on ranges that cut tensors.
    SplittableRandom rnd = new SplittableRandom(7);
    Tensors t = new Tensors(new int[] {0, 40_000, 40_100, 41_100, 41_110});
    float[] w = new float[t.size()];
    float[] g1 = new float[w.length];
    float[] g2 = new float[w.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = i >= 40_000 && i < 40_100 ? 0f : (float) rnd.nextGaussian();
      g1[i] = (float) rnd.nextGaussian();
      g2[i] = (float) rnd.nextGaussian();
    }
    for (Optimizer o : new Optimizer[] {new Lars(0.5f, 0.9f, 1e-4f, 0.001f),
        new Lamb(0.01f, 0.9f, 0.999f, 1e-6f, 0.01f)}) {
      float[] whole = w.clone();
      OptimizerState s1 = o.newState(w.length);
      o.step(whole, g1, s1, t);
      o.step(whole, g2, s1, t);
      float[] chunked = w.clone();
      OptimizerState s2 = o.newState(w.length);
      for (float[] g : new float[][] {g1, g2}) {
        s2.advance();
        Optimizer.Update u = o.prepare(chunked, g, s2, t);
        for (int from = 0; from < w.length; from += 7_777) {
          u.apply(from, Math.min(w.length, from + 7_777));
        }
      }
      assertArrayEquals(whole, chunked, o.key());
      for (int i = 0; i < s1.slotCount(); i++) {
        assertArrayEquals(s1.slot(i), s2.slot(i), o.key() + " slot " + i);
      }
    }
  }

  @Test
  void aNetworksTensorsAreEachLayersWeightsThenBias() {
    Network net = Network.input(3).dense(4, Activation.RELU).dense(2, Activation.SOFTMAX).build();
    assertEquals(new Tensors(new int[] {0, 12, 16, 24, 26}), net.tensors());
    assertEquals(1, net.tensors().tensorOf(12));
    assertEquals(3, new Tensors(new int[] {0, 2, 2, 2, 5}).tensorOf(2), "empty tensors skipped");
    assertThrows(IllegalArgumentException.class, () -> new Tensors(new int[] {0, 3, 2}));
    assertThrows(IllegalArgumentException.class, () -> new Tensors(new int[] {1, 3}));
    assertThrows(IllegalArgumentException.class, () -> new Tensors(new int[] {0}));
  }

  private static void assertSteps(Optimizer o, double[][] expected) {
    float[] w = W0.clone();
    OptimizerState s = o.newState(w.length);
    o.step(w, G1, s, TENSORS);
    float[] first = w.clone();
    o.step(w, G2, s, TENSORS);
    assertEquals(2, s.steps());
    assertClose(expected[0], first, o.key() + " first step");
    assertClose(expected[1], w, o.key() + " second step");
  }

  /** Float arithmetic against double: within a few float roundings of each value. */
  private static void assertClose(double[] expected, float[] actual, String what) {
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 4 * Math.ulp((float) Math.max(1, Math.abs(expected[i]))),
          what + " at " + i);
    }
  }

  private static double norm(double[] a, int k) {
    double s = 0;
    for (int i = TENSORS.from(k); i < TENSORS.to(k); i++) {
      s += a[i] * a[i];
    }
    return Math.sqrt(s);
  }

  private static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  private static float[] toFloat(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }
}
