package dev.neuron.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Regression figures on four examples of two outputs, by hand, and merged in two halves; the same
 * with example weights; a classifier's weighted figures.
 */
class RegressionMetricsTest {
  // Output 0: t = (1, 2, 3, 4), y = (1, 2, 3, 6): e = (0, 0, 0, 2).
  // Output 1: t = (0, 0, 2, 2), y = (1, −1, 2, 2): e = (1, −1, 0, 0).
  private static final float[][] Y = {{1, 1}, {2, -1}, {3, 2}, {6, 2}};
  private static final float[][] T = {{1, 0}, {2, 0}, {3, 2}, {4, 2}};

  private static RegressionMetrics of(int from, int to) {
    RegressionMetrics m = new RegressionMetrics(2);
    for (int i = from; i < to; i++) {
      m.add(Y[i], T[i], 0, i);
    }
    return m;
  }

  private static void assertFigures(RegressionMetrics m) {
    assertEquals(4, m.count());
    assertEquals(1.5, m.loss(), 1e-12); // (0 + 1 + 2 + 3)/4
    assertEquals(1.0, m.mse(0), 1e-12); // 4/4
    assertEquals(0.5, m.mse(1), 1e-12); // 2/4
    assertEquals(0.5, m.mae(0), 1e-12);
    assertEquals(0.5, m.mae(1), 1e-12);
    assertEquals(1 - 4 / 5.0, m.r2(0), 1e-12); // SST = 2.25 + 0.25 + 0.25 + 2.25
    assertEquals(1 - 2 / 4.0, m.r2(1), 1e-12); // SST = 1 + 1 + 1 + 1
    assertEquals(0.75, m.mse(), 1e-12);
    assertEquals((1 + Math.sqrt(0.5)) / 2, m.rmse(), 1e-12);
    assertEquals(0.5, m.mae(), 1e-12);
    assertEquals((0.2 + 0.5) / 2, m.r2(), 1e-12);
  }

  @Test
  void figuresByHand() {
    assertFigures(of(0, 4));
  }

  /** The same examples with weights (1, 2, 1, 0): the last example drops out of the weighted. */
  private static RegressionMetrics weighted(int from, int to) {
    float[] w = {1, 2, 1, 0};
    RegressionMetrics m = new RegressionMetrics(2);
    for (int i = from; i < to; i++) {
      m.add(Y[i], T[i], 0, i, w[i]);
    }
    return m;
  }

  private static void assertWeightedFigures(RegressionMetrics all) {
    assertFigures(all); // the unweighted figures are still there
    RegressionMetrics m = all.weighted();
    assertEquals(4.0, m.weight(), 0);
    // Σ w·loss / Σ w = (1·0 + 2·1 + 1·2 + 0·3)/4
    assertEquals(1.0, m.loss(), 1e-12);
    // Output 0: e = (0, 0, 0, 2), the error only on the weightless example: SSE 0.
    // t̄ = (1·1 + 2·2 + 1·3)/4 = 2; SST = 1·1 + 2·0 + 1·1 = 2; R² = 1.
    assertEquals(0.0, m.mse(0), 1e-12);
    assertEquals(0.0, m.mae(0), 1e-12);
    assertEquals(1.0, m.r2(0), 1e-12);
    // Output 1: e = (1, −1, 0, 0): SSE = 1 + 2 = 3, Σ w|e| = 3, over Σ w = 4.
    // t̄ = (0 + 0 + 1·2)/4 = 0.5; SST = 1·0.25 + 2·0.25 + 1·2.25 = 3; R² = 1 − 3/3 = 0.
    assertEquals(0.75, m.mse(1), 1e-12);
    assertEquals(0.75, m.mae(1), 1e-12);
    assertEquals(0.0, m.r2(1), 1e-12);
    assertEquals(0.375, m.mse(), 1e-12);
    assertEquals(0.5, m.r2(), 1e-12);
  }

  @Test
  void weightedFiguresByHandBesideTheUnweighted() {
    assertWeightedFigures(weighted(0, 4));
    assertWeightedFigures(weighted(0, 1).merge(weighted(1, 4)));
    assertWeightedFigures(weighted(0, 3).merge(weighted(3, 4)));
    assertWeightedFigures(new RegressionMetrics(2).merge(weighted(0, 4)));
  }

  @Test
  void weightedClassificationFiguresByHand() {
    // Class 0 right (w 2, loss 0.1), class 1 wrong (w 1, loss 0.9), class 1 right (w 1, 0.2).
    Metrics m = new Metrics(2, 1);
    m.add(0, 0, 0.1, true, 2f);
    m.add(1, 0, 0.9, false, 1f);
    m.add(1, 1, 0.2, true, 1f);
    assertEquals(1.2 / 3, m.loss(), 1e-12);
    assertEquals(2.0 / 3, m.accuracy(), 1e-12);
    assertEquals(4.0, m.weightSum(), 0);
    assertEquals((2 * 0.1 + 0.9 + 0.2) / 4, m.weightedLoss(), 1e-12);
    assertEquals(3.0 / 4, m.weightedAccuracy(), 1e-12);
    assertEquals(3.0 / 4, m.weightedTopKAccuracy(), 1e-12);
    Metrics merged = new Metrics(2, 1).merge(m);
    assertEquals(m.weightedLoss(), merged.weightedLoss(), 0);
    assertEquals(true, merged.weighted());
  }

  @Test
  void mergedHalvesGiveTheSameFigures() {
    assertFigures(of(0, 1).merge(of(1, 4)));
    assertFigures(of(0, 3).merge(of(3, 4)));
    assertFigures(new RegressionMetrics(2).merge(of(0, 4)));
  }
}
