package dev.neuron.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Weighted losses on two examples worked out by hand: the loss is {@code Σ_c w_c·L_c} and each
 * example's delta is {@code w_c·∂L_c/∂z}. The trainer divides both by the batch's weight sum
 * ({@code Σ w}); Keras' default reduction would divide by the batch size instead.
 */
class WeightedLossTest {
  // One output, two examples: y = (1, 3) against t = (0, 0), weights (2, 0.5); errors e = (1, 3).
  private static final float[] Y = {1f, 3f};
  private static final float[] T = {0f, 0f};
  private static final float[] W = {2f, 0.5f};

  private static double run(Loss loss, float delta, float[] d) {
    return loss.lossAndDelta(Activation.LINEAR, Y.clone(), T, W, d, 1, 2, delta);
  }

  @Test
  void meanSquaredError() {
    float[] d = new float[2];
    // L = (1, 9): 2·1 + 0.5·9 = 6.5 (weighted mean 6.5 / 2.5 = 2.6; Keras' 6.5 / 2 = 3.25);
    // ∂/∂y = w·2e = (2·2·1, 0.5·2·3) = (4, 3)
    assertEquals(6.5, run(Loss.MEAN_SQUARED_ERROR, 1f, d), 1e-12);
    assertArrayEquals(new float[] {4f, 3f}, d);
  }

  @Test
  void meanAbsoluteError() {
    float[] d = new float[2];
    // L = (1, 3): 2·1 + 0.5·3 = 3.5; ∂/∂y = w·sign(e) = (2, 0.5)
    assertEquals(3.5, run(Loss.MEAN_ABSOLUTE_ERROR, 1f, d), 1e-12);
    assertArrayEquals(new float[] {2f, 0.5f}, d);
  }

  @Test
  void huber() {
    float[] d = new float[2];
    // δ = 1: L = (0.5·1², 1·(3 − 0.5)) = (0.5, 2.5): 2·0.5 + 0.5·2.5 = 2.25;
    // ∂/∂y = w·clip(e, −1, 1) = (2·1, 0.5·1)
    assertEquals(2.25, run(Loss.HUBER, 1f, d), 1e-12);
    assertArrayEquals(new float[] {2f, 0.5f}, d);
  }

  @Test
  void softmaxCrossEntropy() {
    // Two classes: y = (0.8, 0.2) for class 0, (0.4, 0.6) for class 1, weights (3, 1):
    // L = (−ln 0.8, −ln 0.6) = (0.2231436, 0.5108256): 3·0.2231436 + 0.5108256 = 1.1802563;
    // ∂/∂z = w·(y − t) = 3·(−0.2, 0.2), 1·(0.4, −0.4)
    float[] y = {0.8f, 0.2f, 0.4f, 0.6f};
    float[] t = {1f, 0f, 0f, 1f};
    float[] d = new float[4];
    assertEquals(1.1802563, Loss.CATEGORICAL_CROSSENTROPY.lossAndDelta(Activation.SOFTMAX, y, t,
        new float[] {3f, 1f}, d, 2, 2, 1f), 1e-6);
    assertArrayEquals(new float[] {-0.6f, 0.6f, 0.4f, -0.4f}, d, 1e-6f);
  }

  @Test
  void sigmoidBinaryCrossEntropy() {
    // y = (0.75, 0.25), both t = 1, weights (2, 0.5): L = (−ln 0.75, −ln 0.25) =
    // (0.2876821, 1.3862944): 2·0.2876821 + 0.5·1.3862944 = 1.2685114; ∂/∂z = w·(y − t)
    float[] d = new float[2];
    assertEquals(1.2685114, Loss.BINARY_CROSSENTROPY.lossAndDelta(Activation.SIGMOID,
        new float[] {0.75f, 0.25f}, new float[] {1f, 1f}, W, d, 1, 2, 1f), 1e-6);
    assertArrayEquals(new float[] {-0.5f, -0.375f}, d, 1e-7f);
  }

  @Test
  void aWeightOfZeroRemovesTheExample() {
    float[] d = new float[2];
    // Only the first example counts: (1 − 0)² = 1.
    assertEquals(1.0, Loss.MEAN_SQUARED_ERROR.lossAndDelta(Activation.LINEAR, Y.clone(), T,
        new float[] {1f, 0f}, d, 1, 2, 1f), 1e-12);
    assertArrayEquals(new float[] {2f, 0f}, d);
  }
}
