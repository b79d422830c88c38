package dev.neuron.train;

import dev.neuron.linalg.Chunks;
import java.util.List;

/**
 * One step's partition results summed, divided and checked: the totals, the mean gradient written
 * out, and the first non-finite gradient entry (or −1). The sum is {@link PairwiseMerge}'s, in its
 * pairwise partition order (partitions without examples left out): the same bits whichever task
 * finished first, and the same as the gang's tree of tasks gives.
 */
record CheckedMean(long count, double weight, long correct, double loss, long maxNanos,
    int firstNonFinite) {
  /**
   * Per driver thread, one buffer per tree depth for subtree sums (needed from three partitions
   * on), kept so that a step allocates none.
   */
  private static final ThreadLocal<float[][]> SCRATCH =
      ThreadLocal.withInitial(() -> new float[Integer.SIZE][]);

  /**
   * Sums the partitions' gradients into {@code grad}, then divides once by the batch's total
   * weight (the example count when unweighted), and finds the first non-finite entry. Each
   * partition returns unnormalized sums and its weight sum; the weight total is merged in the
   * same order as the losses, so the divisor, like the sums, does not depend on which task
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
  static CheckedMean of(List<StepResult> parts, float[] grad, String where) {
    StepResult total = PairwiseMerge.totals(parts);
    if (total.count() == 0) {
      throw new IllegalStateException(where + ": no partition returned an example");
    }
    float[][] grads = new float[parts.size()][];
    for (int i = 0; i < grads.length; i++) {
      StepResult r = parts.get(i);
      grads[i] = r.count() > 0 ? r.gradient() : null;
    }
    // Unweighted, the weight is the count exactly, and (float) weight the float the count
    // converts to.
    float n = total.weight() > 0 ? (float) total.weight() : 1f;
    int[] bad = new int[Chunks.COUNT];
    Chunks.forEach(grad.length, (c, from, to) -> {
      PairwiseMerge.sumGradients(grads, grad, from, to, SCRATCH.get());
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
    return new CheckedMean(total.count(), total.weight(), total.correct(), total.loss(),
        total.nanos(), first);
  }

  private static int firstNonFinite(float[] g, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Float.isFinite(g[i])) {
        return i;
      }
    }
    return -1;
  }
}
