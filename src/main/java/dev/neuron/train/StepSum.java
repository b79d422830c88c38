package dev.neuron.train;

import java.util.List;

/**
 * The partitions' results of one step combined: totals, the mean gradient written out, and the
 * first non-finite gradient entry (or −1).
 *
 * <p>Partition results are added pairwise in partition order, {@code ((g0 + g1) + (g2 + g3)) +
 * ((g4 + g5) + …)}, partitions without examples left out: the same bits whichever task finished
 * first, and the order in which a binomial tree of executors would combine them, so combining
 * off the driver can keep these bits. Up to three partitions this is plain left-to-right order.
 */
record StepSum(long count, double weight, long correct, double loss, long maxNanos,
    int firstNonFinite) {
  /**
   * Per driver thread, one buffer per tree level for right-hand subtree sums (needed from three
   * partitions on), kept so that a step allocates none.
   */
  private static final ThreadLocal<float[][]> SCRATCH =
      ThreadLocal.withInitial(() -> new float[Integer.SIZE][]);

  /**
   * Sums the partitions' gradients into {@code grad}, then divides once by the batch's total
   * weight (the example count when unweighted), and finds the first non-finite entry. Each
   * partition returns unnormalized sums and its weight sum; the weight total is added pairwise in
   * partition order like the losses, so the divisor, like the sums, does not depend on which task
   * finished first, and no partition's share is averaged on its own (a partition with a few heavy
   * examples counts as much as their weights say, whatever the split). A batch whose weights sum
   * to 0 has a zero gradient (its sums are 0; divided by 1). Each element's arithmetic is
   * independent, so the chunks run in parallel without changing a bit. Nothing here touches the
   * weights: the caller applies the update only once the whole gradient and the loss are known to
   * be finite, so a step that diverges leaves the state as it found it.
   *
   * <p>Keras differs: its default loss reduction ({@code sum_over_batch_size}) divides the
   * weighted sum by the number of examples in the batch, not by the sum of their weights (so
   * scaling every weight by 2 doubles Keras' loss and gradient, and leaves these unchanged);
   * Keras' weighted metrics, like these, divide by the sum of the weights.
   */
  static StepSum of(List<StepResult> parts, float[] grad, String where) {
    int p = parts.size();
    long count = 0;
    long correct = 0;
    long nanos = 0;
    float[][] grads = new float[p][];
    double[] losses = new double[p];
    double[] weights = new double[p];
    for (int i = 0; i < p; i++) {
      StepResult r = parts.get(i);
      if (r.count() > 0) {
        grads[i] = r.gradient();
        losses[i] = r.loss();
        weights[i] = r.weight();
        count += r.count();
        correct += r.correct();
        nanos = Math.max(nanos, r.nanos());
      }
    }
    if (count == 0) {
      throw new IllegalStateException(where + ": no partition returned an example");
    }
    int levels = 32 - Integer.numberOfLeadingZeros(p - 1); // ⌈log2 p⌉
    double total = sum(weights, 0, levels);
    // Unweighted, total is the count exactly, and (float) total the float the count converts to.
    float n = total > 0 ? (float) total : 1f;
    int[] bad = new int[Chunks.COUNT];
    Chunks.forEach(grad.length, (c, from, to) -> {
      sum(grads, 0, levels, grad, from, from, to, SCRATCH.get());
      // A running maximum of |g| (NaN once any entry is NaN) vectorizes; a test per entry that
      // remembers the first bad one does not, and took 14 times as long as the division.
      float largest = 0f;
      for (int i = from; i < to; i++) {
        float v = grad[i] / n;
        grad[i] = v;
        largest = Math.max(largest, Math.abs(v));
      }
      bad[c] = largest <= Float.MAX_VALUE ? -1 : firstNonFinite(grad, from, to);
    });
    int first = -1;
    for (int b : bad) {
      if (b >= 0) {
        first = b;
        break;
      }
    }
    return new StepSum(count, total, correct, sum(losses, 0, levels), nanos, first);
  }

  /**
   * Writes the pairwise sum of {@code g[q][from, to)} over partitions {@code q ∈ [p, p + 2^k)} to
   * {@code dst[at, …)}; {@code null} entries (no examples) are left out. False if all were.
   */
  private static boolean sum(float[][] g, int p, int k, float[] dst, int at, int from, int to,
      float[][] scratch) {
    if (p >= g.length) {
      return false;
    }
    if (k == 0) {
      if (g[p] == null) {
        return false;
      }
      System.arraycopy(g[p], from, dst, at, to - from);
      return true;
    }
    int half = 1 << (k - 1);
    boolean left = sum(g, p, k - 1, dst, at, from, to, scratch);
    if (!left) {
      return sum(g, p + half, k - 1, dst, at, from, to, scratch);
    }
    float[] right;
    int rightAt;
    if (k == 1) {
      if (p + half >= g.length || g[p + half] == null) {
        return true;
      }
      right = g[p + half];
      rightAt = from;
    } else {
      if (scratch[k - 1] == null || scratch[k - 1].length < to - from) {
        scratch[k - 1] = new float[to - from];
      }
      right = scratch[k - 1];
      rightAt = 0;
      if (!sum(g, p + half, k - 1, right, 0, from, to, scratch)) {
        return true;
      }
    }
    for (int i = 0; i < to - from; i++) {
      dst[at + i] += right[rightAt + i];
    }
    return true;
  }

  private static int firstNonFinite(float[] g, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Float.isFinite(g[i])) {
        return i;
      }
    }
    return -1;
  }

  /** The pairwise sum of {@code v[p, p + 2^k)}, in the gradients' order. */
  private static double sum(double[] v, int p, int k) {
    if (p >= v.length) {
      return 0;
    }
    if (k == 0) {
      return v[p];
    }
    return sum(v, p, k - 1) + sum(v, p + (1 << (k - 1)), k - 1);
  }
}
