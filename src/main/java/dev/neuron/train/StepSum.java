package dev.neuron.train;

import java.util.List;

/** The partitions' results of one step combined: totals, and the mean gradient written out. */
record StepSum(long count, long correct, double loss, long maxNanos) {

  /**
   * Adds the partitions' gradients into {@code grad} in list (partition) order, so the sum is the
   * same bits whichever task finished first, then divides once by the total example count.
   */
  static StepSum of(List<StepResult> parts, float[] grad, String where) {
    long count = 0;
    long correct = 0;
    double loss = 0;
    long nanos = 0;
    for (StepResult r : parts) {
      if (r.count() == 0) {
        continue;
      }
      float[] g = r.gradient();
      if (count == 0) {
        System.arraycopy(g, 0, grad, 0, grad.length);
      } else {
        for (int i = 0; i < grad.length; i++) {
          grad[i] += g[i];
        }
      }
      count += r.count();
      correct += r.correct();
      loss += r.loss();
      nanos = Math.max(nanos, r.nanos());
    }
    if (count == 0) {
      throw new IllegalStateException(where + ": no partition returned an example");
    }
    for (int i = 0; i < grad.length; i++) {
      grad[i] /= count;
    }
    return new StepSum(count, correct, loss, nanos);
  }
}
