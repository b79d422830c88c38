package dev.neuron.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The partitions' gradients are added pairwise in partition order, whatever the chunking. */
class StepSumTest {
  /** One example per partition; {@code null}: a partition without examples. */
  private static List<StepResult> parts(float... values) {
    List<StepResult> parts = new ArrayList<>();
    for (float v : values) {
      parts.add(Float.isNaN(v) ? StepResult.empty()
          : new StepResult(new float[] {v, 2 * v, 0, -v}, v, 1, 0, 0));
    }
    return parts;
  }

  private static float[] mean(List<StepResult> parts) {
    float[] g = new float[4];
    StepSum.of(parts, g, "test");
    return g;
  }

  /** The first entry that is infinite or NaN after the sum, wherever the chunks cut; else −1. */
  @Test
  void theFirstNonFiniteEntryIsFound() {
    int n = 10_007;
    for (int at : new int[] {0, 1_000, 5_003, n - 1}) {
      float[] a = new float[n];
      float[] b = new float[n];
      a[at] = Float.MAX_VALUE;
      b[at] = Float.MAX_VALUE; // finite alone, infinite summed
      if (at + 7 < n) {
        a[at + 7] = Float.NaN;
      }
      a[n / 2 + 1] = Float.NaN; // past every 'at' but the last: after it in the array
      List<StepResult> parts = List.of(new StepResult(a, 0, 1, 0, 0),
          new StepResult(b, 0, 1, 0, 0));
      int expected = Math.min(at, n / 2 + 1);
      assertEquals(expected, StepSum.of(parts, new float[n], "test").firstNonFinite(), "at " + at);
    }
    List<StepResult> finite = List.of(new StepResult(new float[n], 0, 1, 0, 0));
    assertEquals(-1, StepSum.of(finite, new float[n], "test").firstNonFinite());
  }

  @Test
  void fourPartitionsAddPairwise() {
    // Left to right, ((1 + 1e8) − 1e8) + 1 = 1 in float; pairwise, (1 + 1e8) + (−1e8 + 1) = 0.
    float[] g = mean(parts(1f, 1e8f, -1e8f, 1f));
    assertArrayEquals(new float[] {0, 0, 0, 0}, g);
  }

  @Test
  void threePartitionsAddLeftToRight() {
    float[] g = mean(parts(1e8f, -1e8f, 1f));
    assertArrayEquals(new float[] {1f / 3, 2f / 3, 0, -1f / 3}, g);
  }

  @Test
  void partitionsWithoutExamplesAreLeftOut() {
    // Partition 1 has none: (g0) + (g2 + g3); partition 0 neither: g1 alone, then + (g2 + g3).
    float[] g = mean(parts(1f, Float.NaN, 1e8f, -1e8f));
    assertArrayEquals(new float[] {1f / 3, 2f / 3, 0, -1f / 3}, g);
    assertEquals(3, StepSum.of(parts(Float.NaN, 2f, 3f, Float.NaN, 5f), new float[4], "t").count());
    float[] h = mean(parts(Float.NaN, Float.NaN, Float.NaN, Float.NaN, 5f));
    assertArrayEquals(new float[] {5, 10, 0, -5}, h);
  }

  @Test
  void theLossIsSummedInTheSameOrder() {
    // Left to right, ((1e17 + 1) − 1e17) + 1 = 1; pairwise, (1e17 + 1) + (−1e17 + 1) = 0.
    List<StepResult> parts = new ArrayList<>();
    for (double loss : new double[] {1e17, 1, -1e17, 1}) {
      parts.add(new StepResult(new float[1], loss, 1, 0, 0));
    }
    assertEquals(0.0, StepSum.of(parts, new float[1], "t").loss());
  }
}
