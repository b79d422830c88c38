package dev.neuron.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The L2 kernel penalty and dropout against central differences, and the penalty against values
 * worked out by hand. The objective is the mean loss of a block plus the penalty,
 * {@code J(w) = Σ loss / cols + Σ_l λ_l·ΣW_l²}, with dropout's masks held fixed (drawn once, as a
 * step draws them once for its forward and backward pass).
 */
class RegularizerGradientTest {
  private static final int IN = 5;
  private static final int HIDDEN = 7;
  private static final int OUT = 3;
  private static final int COLS = 6;

  @ParameterizedTest(name = "hidden {0}")
  @EnumSource(value = Activation.class, names = {"TANH", "SIGMOID", "RELU", "LINEAR"})
  void penaltyAndFixedDropoutMaskMatchCentralDifferences(Activation hidden) {
    Network net = Network.input(IN).dense(HIDDEN, hidden).l2(0.05f).dropout(0.4f)
        .dense(HIDDEN, hidden).dropout(0.25f).dense(OUT, Activation.SOFTMAX).l2(0.2f)
        .loss(Loss.CATEGORICAL_CROSSENTROPY).build();
    SplittableRandom rnd = new SplittableRandom(7);
    float[] p = GradientCheckTest.parameters(net, rnd);
    float[] x = GradientCheckTest.inputs(IN * COLS, rnd);
    float[] t = new float[OUT * COLS];
    for (int c = 0; c < COLS; c++) {
      t[c * OUT + rnd.nextInt(OUT)] = 1f;
    }
    Workspace ws = new Workspace(net, COLS);
    int dropped = 0;
    for (int l = 0; l < net.layers(); l++) {
      float rate = net.dropout(l);
      for (int i = 0; rate > 0 && i < net.units(l) * COLS; i++) {
        boolean drop = rnd.nextDouble() < rate;
        ws.mask(l)[i] = drop ? 0f : 1f / (1f - rate);
        dropped += drop ? 1 : 0;
      }
    }
    assertTrue(dropped > 5, "the masks drop units");

    float[] g = new float[net.paramCount()];
    Kernels.forwardTraining(net, p, x, 0, COLS, ws);
    Kernels.backward(net, p, x, 0, t, COLS, ws, g);
    for (int i = 0; i < g.length; i++) {
      g[i] /= COLS;
    }
    Penalty.addGradient(net, p, g, 0, g.length);

    GradientCheckTest.assertCentralDifferences(net, p, g, () -> objective(net, p, x, t, ws),
        () -> GradientCheckTest.kinkMask(net, ws, t));
  }

  /** Mean loss under the workspace's fixed masks, plus the penalty. */
  private static double objective(Network net, float[] p, float[] x, float[] t, Workspace ws) {
    Kernels.forwardTraining(net, p, x, 0, COLS, ws);
    float[] d = new float[OUT * COLS];
    return net.loss().lossAndDelta(net.outputActivation(), ws.output().clone(), t, d, OUT, COLS,
        net.huberDelta()) / COLS + Penalty.value(net, p);
  }

  @Test
  void penaltyByHand() {
    // 2 → 2 (λ 0.5) → 1 (λ 0.25): W0 = [1 3; 2 4] (column-major 1, 2, 3, 4), b0 = [5, 6],
    // W1 = [−2 0.5], b1 = [7]. Penalty = 0.5·(1 + 4 + 9 + 16) + 0.25·(4 + 0.25) = 15 + 1.0625.
    Network net = Network.input(2).dense(2, Activation.RELU).l2(0.5f)
        .dense(1, Activation.LINEAR).l2(0.25f).loss(Loss.MEAN_SQUARED_ERROR).build();
    float[] p = {1, 2, 3, 4, 5, 6, -2, 0.5f, 7};
    assertEquals(16.0625, Penalty.value(net, p));
    float[] g = {0.5f, 0, 0, 0, 1, 1, 0, 0, 1};
    Penalty.addGradient(net, p, g, 0, g.length);
    // 2λ·W on the kernels; the biases (entries 4, 5 and 8) keep their gradient.
    assertArrayEquals(new float[] {1.5f, 2, 3, 4, 1, 1, -1, 0.25f, 1}, g);
    // Split ranges give the same bits as one pass.
    float[] h = {0.5f, 0, 0, 0, 1, 1, 0, 0, 1};
    Penalty.addGradient(net, p, h, 0, 3);
    Penalty.addGradient(net, p, h, 3, 7);
    Penalty.addGradient(net, p, h, 7, 9);
    assertArrayEquals(g, h);
  }

  @Test
  void evaluationAppliesNoDropout() {
    Network plain = Network.input(4).dense(6, Activation.TANH).dense(2, Activation.SOFTMAX)
        .build();
    Network dropped = Network.input(4).dense(6, Activation.TANH).dropout(0.5f)
        .dense(2, Activation.SOFTMAX).build();
    float[] p = plain.initialParameters(Initializer.GLOROT_UNIFORM, new SplittableRandom(3));
    float[] x = {0.1f, -0.4f, 0.9f, 0.3f, 1, 0, -1, 0.5f};
    Workspace a = new Workspace(plain, 2);
    Workspace b = new Workspace(dropped, 2);
    java.util.Arrays.fill(b.mask(0), 0f); // a training pass would drop every unit
    Kernels.forward(plain, p, x, 0, 2, a);
    Kernels.forward(dropped, p, x, 0, 2, b);
    assertArrayEquals(a.output(), b.output());
  }

  @Test
  void regularizersAreCheckedWhereTheyAreSet() {
    Network.Builder b = Network.input(3).dense(2, Activation.RELU);
    assertThrows(IllegalArgumentException.class, () -> b.dropout(1f));
    assertThrows(IllegalArgumentException.class, () -> b.l2(-0.1f));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Network.input(3).dense(2, Activation.SOFTMAX).dropout(0.5f).build());
    assertTrue(e.getMessage().contains("after the output layer"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Network.input(3).l2(0.1f));
  }
}
