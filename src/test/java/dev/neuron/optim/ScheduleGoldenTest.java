package dev.neuron.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each schedule's rates, step by step, against values worked out by hand (lr = 0.1; steps
 * t = 0, 1, …). Rates are computed in double and rounded once, so each expected value is the
 * float nearest the exact rate.
 */
class ScheduleGoldenTest {
  private static float[] rates(Schedule s, int steps) {
    float[] r = new float[steps];
    for (int t = 0; t < steps; t++) {
      r[t] = s.rate(0.1f, t);
    }
    return r;
  }

  @Test
  void stepDecayHalvesEveryTwoSteps() {
    Schedule s = Schedule.of("step", Map.of("decay_steps", "2", "decay_rate", "0.5"));
    // 0.1·0.5^⌊t/2⌋; halving a float is exact.
    assertArrayEquals(new float[] {0.1f, 0.1f, 0.05f, 0.05f, 0.025f, 0.025f, 0.0125f},
        rates(s, 7));
  }

  @Test
  void exponentialDecayIsContinuous() {
    Schedule s = Schedule.of("exponential", Map.of("decay_steps", "2", "decay_rate", "0.25"));
    // 0.1·0.25^(t/2) = 0.1·0.5^t (0.1f is the float 0.100000001490116…, scaled exactly by 2^−t).
    assertArrayEquals(new float[] {0.1f, 0.05f, 0.025f, 0.0125f, 0.00625f}, rates(s, 5));
  }

  @Test
  void cosineDecayEndsAtAlphaTimesTheRate() {
    Schedule zero = Schedule.of("cosine", Map.of("decay_steps", "4"));
    // 0.1·½(1 + cos(πt/4)): 0.1, 0.1·(2 + √2)/4, 0.05, 0.1·(2 − √2)/4, 0, then 0.
    assertArrayEquals(new float[] {0.1f, 0.0853553390f, 0.05f, 0.0146446609f, 0f, 0f},
        rates(zero, 6));
    Schedule alpha = Schedule.of("cosine", Map.of("decay_steps", "4", "alpha", "0.2"));
    // 0.1·(0.8·½(1 + cos(πt/4)) + 0.2): 0.1, 0.0882842712, 0.06, 0.0317157288, 0.02, 0.02.
    float[] r = rates(alpha, 6);
    float[] expected = {0.1f, 0.0882842712f, 0.06f, 0.0317157288f, 0.02f, 0.02f};
    for (int t = 0; t < 6; t++) {
      // α is the float nearest 0.2, not 0.2 itself: within one float step of the exact value.
      assertEquals(expected[t], r[t], Math.ulp(expected[t]), "step " + t);
    }
  }

  @Test
  void warmUpRampsLinearlyThenTheDecayStarts() {
    Schedule flat = Schedule.of("none", Map.of("warmup_steps", "4"));
    // 0.1·(t + 1)/4 for t < 4, then 0.1.
    assertArrayEquals(new float[] {0.025f, 0.05f, 0.075f, 0.1f, 0.1f, 0.1f}, rates(flat, 6));
    Schedule warmStep = Schedule.of("step", Map.of("warmup_steps", "2", "decay_steps", "2",
        "decay_rate", "0.5"));
    // Warm-up 0.05, 0.1; then the step decay counts from step 2: 0.1, 0.1, 0.05, 0.05, 0.025.
    assertArrayEquals(new float[] {0.05f, 0.1f, 0.1f, 0.1f, 0.05f, 0.05f, 0.025f},
        rates(warmStep, 7));
    Schedule warmCosine = Schedule.of("cosine", Map.of("warmup_steps", "1", "decay_steps",
        "2"));
    // 0.1·1/1, then ½(1 + cos(πs/2)) for s = t − 1: 0.1, 0.05, 0.
    assertArrayEquals(new float[] {0.1f, 0.1f, 0.05f, 0f, 0f}, rates(warmCosine, 5));
  }

  @Test
  void noScheduleKeepsTheRate() {
    assertArrayEquals(new float[] {0.1f, 0.1f, 0.1f}, rates(Schedule.NONE, 3));
    assertEquals(Schedule.NONE, Schedule.of("none", Map.of()));
    assertEquals(false, Schedule.NONE.varies());
  }

  @Test
  void settingsAreTheDecaysOwnAndChecked() {
    assertEquals("decay_rate: not a setting of schedule none (it takes [warmup_steps])",
        assertThrows(IllegalArgumentException.class,
            () -> Schedule.of("none", Map.of("decay_rate", "0.5"))).getMessage());
    assertEquals("alpha: not a setting of schedule step (it takes [warmup_steps, decay_steps,"
        + " decay_rate])", assertThrows(IllegalArgumentException.class,
            () -> Schedule.of("step", Map.of("alpha", "0.5"))).getMessage());
    assertEquals("schedule decay_steps must be a whole number from 1 to 16777216, found 0.0",
        assertThrows(IllegalArgumentException.class,
            () -> Schedule.of("cosine", Map.of("decay_steps", "0"))).getMessage());
    assertEquals("schedule warmup_steps must be a whole number from 0 to 16777216, found 2.5",
        assertThrows(IllegalArgumentException.class,
            () -> Schedule.of("none", Map.of("warmup_steps", "2.5"))).getMessage());
    assertEquals("unknown schedule 'linear', expected one of none, step, exponential, cosine",
        assertThrows(IllegalArgumentException.class, () -> Schedule.of("linear", Map.of()))
            .getMessage());
    // Defaults are declared once: Keras' ExponentialDecay example rate, PyTorch StepLR's γ.
    assertEquals(new Schedule(Decay.EXPONENTIAL, 0, 1000, 0.96f, 0f),
        Schedule.of("exponential", Map.of()));
    assertEquals(new Schedule(Decay.STEP, 0, 1000, 0.1f, 0f), Schedule.of("step", Map.of()));
  }

  @Test
  void aScheduledOptimizerRunsAtTheStepsRate() {
    // One SGD step at 0.05 instead of the configured 0.1: w = 1 − 0.05·2.
    Optimizer o = new Sgd(0.1f, 0f, false, 0f).withLearningRate(0.05f);
    float[] w = {1f};
    o.step(w, new float[] {2f}, o.newState(1));
    assertArrayEquals(new float[] {1f - 0.05f * 2f}, w);
    assertEquals(new Adam(0.02f, 0.9f, 0.999f, 1e-7f, 0.1f),
        new Adam(0.001f, 0.9f, 0.999f, 1e-7f, 0.1f).withLearningRate(0.02f));
    assertEquals(new RmsProp(0.02f, 0.9f, 1e-7f), RmsProp.defaults().withLearningRate(0.02f));
  }
}
