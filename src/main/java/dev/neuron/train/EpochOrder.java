package dev.neuron.train;

import java.util.Arrays;

/**
 * The order in which an epoch visits the {@code n} examples of a data set: a pseudo-random
 * permutation {@code position(i)} of {@code [0, n)} keyed by the seed and the epoch. Step
 * {@code s} takes the examples whose position lies in {@code [s·batch, (s+1)·batch)}; the last
 * step may be short. So every example is used exactly once per epoch, and the batches do not
 * depend on how the examples are spread over partitions.
 *
 * <p>The permutation is a four-round Feistel network on the smallest even number of bits that
 * covers {@code n}, with cycle walking for values {@code ≥ n}; each partition computes the
 * positions of its own examples only, in {@code O(rows log rows)}, without a global array.
 */
public final class EpochOrder {
  private static final int ROUNDS = 4;
  private final long n;
  private final int halfBits;
  private final long halfMask;
  private final long[] keys = new long[ROUNDS];

  public EpochOrder(long seed, int epoch, long n) {
    if (n <= 0) {
      throw new IllegalArgumentException("an epoch needs at least one example, found " + n);
    }
    this.n = n;
    int bits = Math.max(2, 64 - Long.numberOfLeadingZeros(n - 1));
    this.halfBits = (bits + 1) / 2;
    this.halfMask = (1L << halfBits) - 1;
    long key = Seeds.derive(seed, Seeds.Purpose.SHUFFLE, epoch);
    for (int r = 0; r < ROUNDS; r++) {
      keys[r] = Seeds.mix(key + r * 0x9e3779b97f4a7c15L);
    }
  }

  /** Where example {@code i} falls in this epoch's order. */
  public long position(long i) {
    long v = i;
    do {
      v = permute(v);
    } while (v >= n);
    return v;
  }

  private long permute(long v) {
    long left = v >>> halfBits;
    long right = v & halfMask;
    for (int r = 0; r < ROUNDS; r++) {
      long f = Seeds.mix(right ^ keys[r]) & halfMask;
      long next = left ^ f;
      left = right;
      right = next;
    }
    return (left << halfBits) | right;
  }

  /**
   * For the examples {@code [start, start + rows)} held by one block: their local indices sorted
   * by position, and for each of the {@code steps} steps where its examples begin in that list
   * ({@code stepStart[s] … stepStart[s+1]}).
   */
  public Local local(long start, int rows, int batch) {
    if (rows >= 1 << 24) {
      throw new IllegalArgumentException("a block holds at most 2^24 examples, found " + rows);
    }
    long[] keyed = new long[rows];
    for (int j = 0; j < rows; j++) {
      keyed[j] = (position(start + j) << 24) | j;
    }
    Arrays.sort(keyed);
    int steps = (int) ((n + batch - 1) / batch);
    int[] order = new int[rows];
    int[] stepStart = new int[steps + 1];
    int s = 0;
    for (int k = 0; k < rows; k++) {
      long pos = keyed[k] >>> 24;
      order[k] = (int) (keyed[k] & 0xffffff);
      int step = (int) (pos / batch);
      while (s < step) {
        stepStart[++s] = k;
      }
    }
    while (s < steps) {
      stepStart[++s] = rows;
    }
    return new Local(order, stepStart);
  }

  /** A block's examples in epoch order, cut into steps. */
  public record Local(int[] order, int[] stepStart) {
    public int from(int step) {
      return stepStart[step];
    }

    public int to(int step) {
      return stepStart[step + 1];
    }
  }
}
