package dev.neuron.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One step, then a second, from w = (1, −2) with g₁ = (0.5, −1) and g₂ = (0.25, 2); the expected
 * values are the documented formulas worked out by hand.
 */
class OptimizerGoldenTest {
  private static final float[] G1 = {0.5f, -1f};
  private static final float[] G2 = {0.25f, 2f};

  private static float[][] twoSteps(Optimizer o) {
    float[] w = {1f, -2f};
    OptimizerState s = o.newState(2);
    o.step(w, G1, s);
    float[] first = w.clone();
    o.step(w, G2, s);
    assertEquals(2, s.steps());
    return new float[][] {first, w};
  }

  private static void assertSteps(Optimizer o, double[] first, double[] second) {
    float[][] w = twoSteps(o);
    assertArrayEquals(toFloat(first), w[0], 1e-6f, "first step");
    assertArrayEquals(toFloat(second), w[1], 1e-6f, "second step");
  }

  @Test
  void plainSgd() {
    // w ← w − 0.1·g
    assertSteps(Sgd.plain(0.1f), new double[] {0.95, -1.9}, new double[] {0.925, -2.1});
  }

  @Test
  void sgdWithMomentum() {
    // v₁ = −0.1·g₁ = (−0.05, 0.1); v₂ = 0.9·v₁ − 0.1·g₂ = (−0.07, −0.11)
    assertSteps(Sgd.withMomentum(0.1f, 0.9f), new double[] {0.95, -1.9},
        new double[] {0.88, -2.01});
  }

  @Test
  void sgdWithNesterov() {
    // w₁ = w₀ + 0.9·v₁ − 0.1·g₁ = (1 − 0.095, −2 + 0.19); w₂ = w₁ + 0.9·v₂ − 0.1·g₂
    assertSteps(Sgd.withNesterov(0.1f, 0.9f), new double[] {0.905, -1.81},
        new double[] {0.905 - 0.088, -1.81 - 0.299});
  }

  @Test
  void rmsprop() {
    double eps = 1e-7;
    // v₁ = 0.1·g₁² = (0.025, 0.1); v₂ = 0.9·v₁ + 0.1·g₂² = (0.02875, 0.49)
    double a1 = 1 - 0.01 * 0.5 / (Math.sqrt(0.025) + eps);
    double b1 = -2 + 0.01 * 1 / (Math.sqrt(0.1) + eps);
    double a2 = a1 - 0.01 * 0.25 / (Math.sqrt(0.02875) + eps);
    double b2 = b1 - 0.01 * 2 / (Math.sqrt(0.49) + eps);
    assertSteps(new RmsProp(0.01f, 0.9f, 1e-7f), new double[] {a1, b1}, new double[] {a2, b2});
  }

  @Test
  void adam() {
    double eps = 1e-7;
    // t=1: m = (0.05, −0.1), v = (0.00025, 0.001), α = 0.01·√0.001/0.1
    double alpha1 = 0.01 * Math.sqrt(1 - 0.999) / (1 - 0.9);
    double a1 = 1 - alpha1 * 0.05 / (Math.sqrt(0.00025) + eps);
    double b1 = -2 + alpha1 * 0.1 / (Math.sqrt(0.001) + eps);
    // t=2: m = (0.07, 0.11), v = (0.00031225, 0.004999), α = 0.01·√(1−0.999²)/(1−0.9²)
    double alpha2 = 0.01 * Math.sqrt(1 - 0.999 * 0.999) / (1 - 0.81);
    double a2 = a1 - alpha2 * 0.07 / (Math.sqrt(0.00031225) + eps);
    double b2 = b1 - alpha2 * 0.11 / (Math.sqrt(0.004999) + eps);
    assertSteps(new Adam(0.01f, 0.9f, 0.999f, 1e-7f), new double[] {a1, b1},
        new double[] {a2, b2});
  }

  @Test
  void sgdWithDecoupledWeightDecay() {
    // λ = 0.5, lr = 0.1: w ← w·0.95 − 0.1·g, so w₁ = (0.95 − 0.05, −1.9 + 0.1) and
    // w₂ = (0.9·0.95 − 0.025, −1.8·0.95 − 0.2)
    assertSteps(new Sgd(0.1f, 0f, false, 0.5f), new double[] {0.9, -1.8},
        new double[] {0.83, -1.91});
  }

  @Test
  void sgdWithMomentumAndWeightDecay() {
    // w ← w·0.95 first, then v ← 0.9·v − 0.1·g, w ← w + v: v₁ = (−0.05, 0.1), w₁ = (0.9, −1.8);
    // v₂ = (−0.07, −0.11), w₂ = (0.855 − 0.07, −1.71 − 0.11)
    assertSteps(new Sgd(0.1f, 0.9f, false, 0.5f), new double[] {0.9, -1.8},
        new double[] {0.785, -1.82});
  }

  @Test
  void adamWDecaysBeforeTheAdamStep() {
    double eps = 1e-7;
    double keep = 1 - 0.01 * 0.1; // lr·λ = 0.001, as PyTorch's AdamW: w.mul_(1 − lr·λ)
    double alpha1 = 0.01 * Math.sqrt(1 - 0.999) / (1 - 0.9);
    double a1 = 1 * keep - alpha1 * 0.05 / (Math.sqrt(0.00025) + eps);
    double b1 = -2 * keep + alpha1 * 0.1 / (Math.sqrt(0.001) + eps);
    double alpha2 = 0.01 * Math.sqrt(1 - 0.999 * 0.999) / (1 - 0.81);
    double a2 = a1 * keep - alpha2 * 0.07 / (Math.sqrt(0.00031225) + eps);
    double b2 = b1 * keep - alpha2 * 0.11 / (Math.sqrt(0.004999) + eps);
    assertSteps(new Adam(0.01f, 0.9f, 0.999f, 1e-7f, 0.1f), new double[] {a1, b1},
        new double[] {a2, b2});
  }

  @Test
  void rejectsInvalidHyperParameters() {
    assertEquals("rmsprop learning_rate must be a positive finite number, found -0.1",
        assertThrows(IllegalArgumentException.class, () -> new RmsProp(-0.1f, 0.9f, 1e-7f))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> Sgd.withMomentum(0.1f, 1f));
    assertThrows(IllegalArgumentException.class,
        () -> UpdateRule.fromKey("adagrad").create(Map.of()));
    assertEquals("adam weight_decay must be zero or a positive finite number, found -1.0",
        assertThrows(IllegalArgumentException.class,
            () -> UpdateRule.fromKey("adam").create(Map.of("weight_decay", "-1"))).getMessage());
  }

  @Test
  void buildsKerasDefaultsByName() {
    assertEquals(RmsProp.defaults(), UpdateRule.fromKey("rmsprop").create(Map.of()));
    assertEquals(Adam.defaults(), UpdateRule.fromKey("adam").create(Map.of()));
    assertEquals(Sgd.withNesterov(0.05f, 0.9f),
        UpdateRule.fromKey("sgd").create(
            Map.of("learning_rate", "0.05", "momentum", "0.9", "nesterov", "true")));
  }

  private static float[] toFloat(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }
}
