package dev.neuron.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Regression figures on four examples of two outputs, by hand, and merged in two halves. */
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

  @Test
  void mergedHalvesGiveTheSameFigures() {
    assertFigures(of(0, 1).merge(of(1, 4)));
    assertFigures(of(0, 3).merge(of(3, 4)));
    assertFigures(new RegressionMetrics(2).merge(of(0, 4)));
  }
}
