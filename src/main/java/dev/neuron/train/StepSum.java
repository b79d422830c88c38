package dev.neuron.train;

import java.util.ArrayList;
import java.util.List;

/**
 * The partitions' results of one step combined: totals, the mean gradient written out, and the
 * first non-finite gradient entry (or −1).
 */
record StepSum(long count, long correct, double loss, long maxNanos, int firstNonFinite) {
  /**
   * Adds the partitions' gradients into {@code grad} in list (partition) order, so the sum is the
   * same bits whichever task finished first, then divides once by the total example count. Each
   * element's arithmetic is independent, so the chunks run in parallel without changing a bit.
   */
  static StepSum of(List<StepResult> parts, float[] grad, String where) {
    return of(parts, grad, where, (c, from, to) -> { });
  }

  /**
   * {@link #of(List, float[], String)}, then {@code update} over each chunk whose mean gradient is
   * finite, while the chunk is still in cache. A chunk with a non-finite entry is left alone; the
   * caller then stops the run, so weights already updated in other chunks are never used.
   */
  static StepSum of(List<StepResult> parts, float[] grad, String where, Chunks.Pass update) {
    long count = 0;
    long correct = 0;
    double loss = 0;
    long nanos = 0;
    List<float[]> grads = new ArrayList<>(parts.size());
    for (StepResult r : parts) {
      if (r.count() > 0) {
        grads.add(r.gradient());
        count += r.count();
        correct += r.correct();
        loss += r.loss();
        nanos = Math.max(nanos, r.nanos());
      }
    }
    if (count == 0) {
      throw new IllegalStateException(where + ": no partition returned an example");
    }
    long n = count;
    int[] bad = new int[Chunks.COUNT];
    Chunks.forEach(grad.length, (c, from, to) -> {
      System.arraycopy(grads.get(0), from, grad, from, to - from);
      for (int k = 1; k < grads.size(); k++) {
        float[] g = grads.get(k);
        for (int i = from; i < to; i++) {
          grad[i] += g[i];
        }
      }
      bad[c] = -1;
      for (int i = from; i < to; i++) {
        grad[i] /= n;
        if (bad[c] < 0 && !Float.isFinite(grad[i])) {
          bad[c] = i;
        }
      }
      if (bad[c] < 0) {
        update.run(c, from, to);
      }
    });
    int first = -1;
    for (int b : bad) {
      if (b >= 0) {
        first = b;
        break;
      }
    }
    return new StepSum(count, correct, loss, nanos, first);
  }
}
