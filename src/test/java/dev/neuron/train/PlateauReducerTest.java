package dev.neuron.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reduce-on-plateau against a hand-written sequence of validation values, step by step as Keras'
 * {@code ReduceLROnPlateau.on_epoch_end} runs: improvement by more than min_delta, patience,
 * the reduction floored at min_lr, cooldown, a NaN that never improves, and a rate at min_lr that
 * is not reduced again.
 */
class PlateauReducerTest {
  private static EpochRecord valLoss(int epoch, double v) {
    return new EpochRecord(epoch, 1, 0.5, v, 0.5, 1, 1);
  }

  @Test
  void followsKerasOnAHandWrittenSequence() {
    ReduceLrOnPlateau settings = ReduceLrOnPlateau.of("val_loss", Map.of("factor", "0.5",
        "patience", "2", "min_delta", "0.01", "cooldown", "1", "min_lr", "0.02"));
    PlateauReducer r = new PlateauReducer(settings, null, 0.1f);
    // {val_loss, rate after the epoch, wait, cooldown left, reduced}
    double[][] steps = {
        {1.0, 0.1, 0, 0, 0},      // improves on +∞: best 1.0
        {0.995, 0.1, 1, 0, 0},    // not below 1.0 − 0.01: wait 1
        {0.98, 0.1, 0, 0, 0},     // below 0.99: best 0.98
        {0.99, 0.1, 1, 0, 0},
        {0.975, 0.05, 0, 1, 1},   // not below 0.97: wait 2 = patience → 0.1·0.5, cooldown 1
        {0.96, 0.05, 0, 0, 0},    // cooldown 1 → 0, wait 0; below 0.97: best 0.96
        {0.97, 0.05, 1, 0, 0},
        {0.97, 0.025, 0, 1, 1},   // wait 2 → 0.05·0.5
        {Double.NaN, 0.025, 1, 0, 0}, // cooldown ends (wait 0), NaN does not improve: wait 1
        {0.97, 0.02, 0, 1, 1},    // wait 2 → max(0.0125, min_lr 0.02)
        {0.99, 0.02, 1, 0, 0},    // cooldown ends, then wait 1
        {0.99, 0.02, 2, 0, 0},    // wait 2, but the rate is min_lr: no reduction, no cooldown
        {0.99, 0.02, 3, 0, 0},
    };
    for (int e = 0; e < steps.length; e++) {
      double[] s = steps[e];
      String where = "epoch " + (e + 1);
      assertEquals(s[4] == 1, r.update(valLoss(e + 1, s[0])), where + " reduces");
      assertEquals((float) s[1], r.rate(), where + " rate");
      assertEquals((int) s[2], r.progress().waited(), where + " wait");
      assertEquals((int) s[3], r.progress().cooldown(), where + " cooldown");
    }
    assertEquals(0.96, r.progress().best());
  }

  @Test
  void accuracyIsMaximizedAndPatienceZeroReducesAtOnce() {
    PlateauReducer r = new PlateauReducer(ReduceLrOnPlateau.of("val_accuracy",
        Map.of("factor", "0.5", "patience", "0", "min_delta", "0")), null, 0.1f);
    assertEquals(false, r.update(new EpochRecord(1, 1, 0.5, 1, 0.5, 1, 1)));
    assertEquals(true, r.update(new EpochRecord(2, 1, 0.5, 1, 0.5, 1, 1)));
    assertEquals(0.05f, r.rate());
    assertEquals(false, r.update(new EpochRecord(3, 1, 0.5, 1, 0.6, 1, 1)));
    assertEquals(0.05f, r.rate());
  }

  @Test
  void aReducerMadeFromItsProgressContinuesIdentically() {
    ReduceLrOnPlateau settings = ReduceLrOnPlateau.of("loss", Map.of("patience", "1",
        "cooldown", "2"));
    PlateauReducer a = new PlateauReducer(settings, null, 0.1f);
    double[] losses = {1, 1, 1, 0.5, 0.6, 0.6, 0.6, 0.6};
    for (int e = 0; e < 3; e++) {
      a.update(new EpochRecord(e + 1, losses[e], 0, Double.NaN, Double.NaN, 1, 1));
    }
    PlateauReducer b = new PlateauReducer(settings, a.progress(), 0.5f);
    for (int e = 3; e < losses.length; e++) {
      EpochRecord rec = new EpochRecord(e + 1, losses[e], 0, Double.NaN, Double.NaN, 1, 1);
      assertEquals(a.update(rec), b.update(rec));
      assertEquals(a.progress(), b.progress());
    }
  }

  @Test
  void settingsAreKerasDefaultsAndChecked() {
    assertEquals(new ReduceLrOnPlateau(EarlyStopping.Monitor.VAL_LOSS, 0.1f, 10, 1e-4f, 0, 0f),
        ReduceLrOnPlateau.of("val_loss", Map.of()));
    assertEquals(null, ReduceLrOnPlateau.of("off", Map.of()));
    assertEquals(null, ReduceLrOnPlateau.of("off", Map.of("factor", "0.5")));
    assertEquals("reduce_lr factor must be a number in [0, 1), found 2.0", assertThrows(
        IllegalArgumentException.class, () -> ReduceLrOnPlateau.of("off",
            Map.of("factor", "2"))).getMessage());
    assertEquals("reduce_lr factor must be a number in [0, 1), found 1.0", assertThrows(
        IllegalArgumentException.class, () -> ReduceLrOnPlateau.of("val_loss",
            Map.of("factor", "1"))).getMessage());
    assertEquals("reduce_lr.mode: unknown setting; reduce_lr takes [factor, patience,"
        + " min_delta, cooldown, min_lr]", assertThrows(IllegalArgumentException.class,
            () -> ReduceLrOnPlateau.of("val_loss", Map.of("mode", "min"))).getMessage());
  }
}
