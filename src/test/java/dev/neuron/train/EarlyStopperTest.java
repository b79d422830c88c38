package dev.neuron.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.train.EarlyStopping.Monitor;
import org.junit.jupiter.api.Test;

/** Keras' EarlyStopping, epoch by epoch, on hand-made sequences. */
class EarlyStopperTest {
  static EpochRecord valLoss(int epoch, double v) {
    return new EpochRecord(epoch, 1, 0.5, v, 0.5, 1, 1);
  }

  /** Feeds values 1, 2, … as epochs with params {epoch}; returns the epoch it stopped at or 0. */
  static int run(EarlyStopper s, double... values) {
    for (int i = 0; i < values.length; i++) {
      if (s.update(valLoss(i + 1, values[i]), new float[] {i + 1})) {
        return i + 1;
      }
    }
    return 0;
  }

  @Test
  void stopsAfterPatienceEpochsWithoutImprovementAndRestoresTheBest() {
    EarlyStopper s = new EarlyStopper(new EarlyStopping(Monitor.VAL_LOSS, 2, 0, true));
    assertEquals(4, run(s, 0.9, 0.5, 0.6, 0.55, 0.7, 0.1));
    assertEquals(2, s.bestEpoch());
    float[] w = {42};
    assertEquals(2, s.restoreBest(w));
    assertArrayEquals(new float[] {2}, w);
  }

  @Test
  void patienceZeroStopsAtTheFirstEpochThatDoesNotImproveButNeverAfterTheFirst() {
    assertEquals(3, run(new EarlyStopper(new EarlyStopping(Monitor.VAL_LOSS, 0, 0, false)),
        0.9, 0.8, 0.8));
    assertEquals(0, run(new EarlyStopper(new EarlyStopping(Monitor.VAL_LOSS, 0, 0, false)),
        Double.NaN));
  }

  @Test
  void minDeltaIsTheLeastChangeThatCounts() {
    EarlyStopper s = new EarlyStopper(new EarlyStopping(Monitor.VAL_LOSS, 1, 0.05, false));
    assertEquals(3, run(s, 1.0, 0.9, 0.86));
    assertEquals(2, s.bestEpoch());
  }

  @Test
  void accuracyIsMaximizedAndWithoutRestoringTheWeightsStay() {
    EarlyStopper s = new EarlyStopper(new EarlyStopping(Monitor.VAL_ACCURACY, 1, 0, false));
    for (int e = 1; e <= 3; e++) {
      assertFalse(s.update(new EpochRecord(e, 1, 0, 1, 0.5 + 0.1 * e, 1, 1), new float[] {e}));
    }
    assertTrue(s.update(new EpochRecord(4, 1, 0, 1, 0.7, 1, 1), new float[] {4}));
    float[] w = {4};
    assertEquals(0, s.restoreBest(w));
    assertArrayEquals(new float[] {4}, w);
    assertEquals(3, s.bestEpoch());
  }

  @Test
  void settingsAreValidated() {
    assertThrows(IllegalArgumentException.class,
        () -> new EarlyStopping(Monitor.LOSS, -1, 0, true));
    assertThrows(IllegalArgumentException.class,
        () -> new EarlyStopping(Monitor.LOSS, 1, Double.NaN, true));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Monitor.fromKey("val_acc"));
    assertTrue(e.getMessage().contains("val_accuracy"), e.getMessage());
  }
}
