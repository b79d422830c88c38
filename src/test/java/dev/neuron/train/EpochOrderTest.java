package dev.neuron.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

class EpochOrderTest {
  @Test
  void positionsArePermutations() {
    for (long n : new long[] {1, 2, 3, 7, 128, 1000, 60000}) {
      EpochOrder order = new EpochOrder(5, 0, n);
      BitSet seen = new BitSet();
      for (long i = 0; i < n; i++) {
        long p = order.position(i);
        assertTrue(p >= 0 && p < n, "position " + p + " of " + n);
        assertTrue(!seen.get((int) p), "position " + p + " taken twice (n=" + n + ")");
        seen.set((int) p);
      }
    }
  }

  @Test
  void everyExampleOnceAndTheSameBatchesWhateverTheBlocks() {
    int n = 1000;
    int batch = 128;
    int steps = (n + batch - 1) / batch;
    // The step each example falls into, computed from one block and from three uneven ones.
    int[] whole = stepOf(new int[] {n}, n, batch, steps);
    int[] uneven = stepOf(new int[] {1, 600, 399}, n, batch, steps);
    assertArrayEquals(whole, uneven);
    int[] sizes = new int[steps];
    for (int s : whole) {
      sizes[s]++;
    }
    for (int s = 0; s < steps - 1; s++) {
      assertEquals(batch, sizes[s], "step " + s);
    }
    assertEquals(n - batch * (steps - 1), sizes[steps - 1], "the last, short step");
  }

  @Test
  void eachEpochHasItsOwnOrderAndTheSeedFixesIt() {
    EpochOrder a = new EpochOrder(1, 0, 60000);
    EpochOrder b = new EpochOrder(1, 1, 60000);
    EpochOrder again = new EpochOrder(1, 0, 60000);
    int same = 0;
    for (long i = 0; i < 1000; i++) {
      assertEquals(a.position(i), again.position(i));
      if (a.position(i) == b.position(i)) {
        same++;
      }
    }
    assertTrue(same < 10, same + " of 1000 examples kept their position across epochs");
    assertNotEquals(new EpochOrder(2, 0, 60000).position(0), a.position(0));
  }

  /** For every example, the step it is used in; fails if an example is used twice. */
  private static int[] stepOf(int[] blockSizes, int n, int batch, int steps) {
    EpochOrder order = new EpochOrder(9, 3, n);
    int[] step = new int[n];
    java.util.Arrays.fill(step, -1);
    int start = 0;
    for (int rows : blockSizes) {
      EpochOrder.Local local = order.local(start, rows, batch);
      for (int s = 0; s < steps; s++) {
        for (int k = local.from(s); k < local.to(s); k++) {
          int example = start + local.order()[k];
          assertEquals(-1, step[example], "example " + example + " used twice");
          step[example] = s;
        }
      }
      start += rows;
    }
    for (int i = 0; i < n; i++) {
      assertTrue(step[i] >= 0, "example " + i + " never used");
    }
    return step;
  }
}
