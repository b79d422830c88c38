package dev.neuron.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The regression losses on one example with three outputs, y = (0.5, −2, 1) against
 * t = (0, 0, 1): errors e = (0.5, −2, 0), worked out by hand from Keras' definitions.
 */
class RegressionLossTest {
  private static final float[] Y = {0.5f, -2f, 1f};
  private static final float[] T = {0f, 0f, 1f};

  private static double run(Loss loss, float delta, float[] d) {
    return loss.lossAndDelta(Activation.LINEAR, Y.clone(), T, d, 3, 1, delta);
  }

  @Test
  void meanSquaredError() {
    float[] d = new float[3];
    // (0.25 + 4 + 0)/3; ∂/∂y = 2e/3
    assertEquals(4.25 / 3, run(Loss.MEAN_SQUARED_ERROR, 1f, d), 1e-9);
    assertArrayEquals(new float[] {1f / 3, -4f / 3, 0f}, d, 1e-7f);
  }

  @Test
  void meanAbsoluteError() {
    float[] d = new float[3];
    // (0.5 + 2 + 0)/3; ∂/∂y = sign(e)/3, 0 at e = 0
    assertEquals(2.5 / 3, run(Loss.MEAN_ABSOLUTE_ERROR, 1f, d), 1e-9);
    assertArrayEquals(new float[] {1f / 3, -1f / 3, 0f}, d, 1e-7f);
  }

  @Test
  void huberAtKerasDefaultDelta() {
    float[] d = new float[3];
    // δ = 1: 0.5·0.25 = 0.125; 1·(2 − 0.5) = 1.5; 0 → 1.625/3; ∂/∂y = clip(e, −1, 1)/3
    assertEquals(1.625 / 3, run(Loss.HUBER, 1f, d), 1e-9);
    assertArrayEquals(new float[] {0.5f / 3, -1f / 3, 0f}, d, 1e-7f);
  }

  @Test
  void huberWithASmallDelta() {
    float[] d = new float[3];
    // δ = 0.25: 0.25·(0.5 − 0.125) = 0.09375; 0.25·(2 − 0.125) = 0.46875 → 0.5625/3
    assertEquals(0.5625 / 3, run(Loss.HUBER, 0.25f, d), 1e-9);
    assertArrayEquals(new float[] {0.25f / 3, -0.25f / 3, 0f}, d, 1e-7f);
  }

  @Test
  void aRegressionNetworkIsALinearOutputUnderARegressionLoss() {
    assertTrue(Network.input(2).dense(3, Activation.LINEAR).loss(Loss.HUBER).huberDelta(0.5f)
        .build().isRegression());
    assertFalse(Network.input(2).dense(3, Activation.SOFTMAX).loss(Loss.MEAN_SQUARED_ERROR)
        .build().isRegression());
    assertFalse(Network.input(2).dense(3, Activation.LINEAR)
        .loss(Loss.CATEGORICAL_CROSSENTROPY).build().isRegression());
    assertThrows(IllegalArgumentException.class, () -> Network.input(2)
        .dense(1, Activation.LINEAR).loss(Loss.HUBER).huberDelta(0f).build());
    assertEquals(Loss.MEAN_ABSOLUTE_ERROR, Loss.fromKey("mean_absolute_error"));
    assertEquals(Loss.HUBER, Loss.fromKey("huber"));
  }
}
