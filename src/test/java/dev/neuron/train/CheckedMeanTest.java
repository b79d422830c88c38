package dev.neuron.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The partitions' gradients are added pairwise in partition order, whatever the chunking. */
class CheckedMeanTest {
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
    CheckedMean.of(parts, g, "test");
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
      assertEquals(expected, CheckedMean.of(parts, new float[n], "test").firstNonFinite(), "at " + at);
    }
    List<StepResult> finite = List.of(new StepResult(new float[n], 0, 1, 0, 0));
    assertEquals(-1, CheckedMean.of(finite, new float[n], "test").firstNonFinite());
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
    assertEquals(3, CheckedMean.of(parts(Float.NaN, 2f, 3f, Float.NaN, 5f), new float[4], "t").count());
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
    assertEquals(0.0, CheckedMean.of(parts, new float[1], "t").loss());
  }

  /**
   * The gang's tree (each task merging its children's totals into its own share, the children's
   * totals computed the same way) gives the driver's bits, for 1 to 13 partitions, some empty.
   */
  @Test
  void theGangTreeGivesTheDriversBits() {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(11);
    for (int p = 1; p <= 13; p++) {
      List<StepResult> parts = new ArrayList<>();
      for (int i = 0; i < p; i++) {
        if (i > 0 && rnd.nextInt(4) == 0) {
          parts.add(StepResult.empty());
          continue;
        }
        float[] g = new float[9];
        for (int j = 0; j < g.length; j++) {
          g[j] = (float) ((rnd.nextDouble() - 0.5) * Math.pow(10, rnd.nextInt(9)));
        }
        parts.add(new StepResult(g, rnd.nextDouble() * Math.pow(10, rnd.nextInt(12)),
            1 + rnd.nextInt(5), rnd.nextDouble() * 7, rnd.nextInt(3), rnd.nextInt(100)));
      }
      StepResult tree = tree(copies(parts), 0);
      float[] driver = new float[9];
      CheckedMean m = CheckedMean.of(copies(parts), driver, "t");
      float n = (float) tree.weight();
      float[] treeMean = tree.gradient().clone();
      for (int j = 0; j < treeMean.length; j++) {
        treeMean[j] /= n;
      }
      assertArrayEquals(treeMean, driver, p + " partitions");
      assertEquals(tree.loss(), m.loss(), p + " partitions");
      assertEquals(tree.weight(), m.weight(), p + " partitions");
      assertEquals(tree.count(), m.count());
      assertEquals(tree.correct(), m.correct());
      assertEquals(tree.nanos(), m.maxNanos());
    }
  }

  /** Task {@code p}'s total as the gang computes it: its children's totals merged into its own. */
  private static StepResult tree(List<StepResult> parts, int p) {
    List<Integer> children = PairwiseMerge.children(p, parts.size());
    StepResult[] totals = new StepResult[children.size()];
    for (int i = 0; i < totals.length; i++) {
      totals[i] = tree(parts, children.get(i));
    }
    return PairwiseMerge.withChildren(parts.get(p), totals, new float[9]);
  }

  private static List<StepResult> copies(List<StepResult> parts) {
    List<StepResult> c = new ArrayList<>();
    for (StepResult r : parts) {
      c.add(r.count() == 0 ? r : new StepResult(r.gradient().clone(), r.loss(), r.count(),
          r.weight(), r.correct(), r.nanos()));
    }
    return c;
  }
}
