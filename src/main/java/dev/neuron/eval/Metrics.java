package dev.neuron.eval;

import dev.neuron.read.SkipReason;
import java.io.Serializable;

/**
 * A mergeable summary of scored, labelled examples: summed loss, count, top-1 and top-k hits and
 * the confusion matrix ({@code confusion[true·classes + predicted]}), and the records left out, by
 * {@link SkipReason}. Merging is addition, so
 * partitions combine in any grouping with the same result (the loss up to summation order).
 *
 * <p>Examples scored with a weight also add to the weighted figures ({@link #weighted()}):
 * {@code Σ w·loss / Σ w}, and accuracy and top-k accuracy as weight fractions
 * ({@code Σ_{correct} w / Σ w}), Keras' weighted metrics; the unweighted figures are kept beside
 * them.
 */
public final class Metrics implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int classes;
  private final int k;
  private long count;
  private double lossSum;
  private long topK;
  private final long[] confusion;
  private final long[] skipped = new long[SkipReason.values().length];
  private boolean weighted;
  private double weightSum;
  private double weightedLoss;
  private double weightedCorrect;
  private double weightedTopK;

  public Metrics(int classes, int k) {
    this.classes = classes;
    this.k = k;
    this.confusion = new long[classes * classes];
  }

  void add(int truth, int predicted, double loss, boolean inTopK) {
    count++;
    lossSum += loss;
    confusion[truth * classes + predicted]++;
    if (inTopK) {
      topK++;
    }
  }

  /** {@link #add(int, int, double, boolean)} for an example of weight {@code w}. */
  void add(int truth, int predicted, double loss, boolean inTopK, float w) {
    add(truth, predicted, loss, inTopK);
    weighted = true;
    weightSum += w;
    weightedLoss += w * loss;
    if (truth == predicted) {
      weightedCorrect += w;
    }
    if (inTopK) {
      weightedTopK += w;
    }
  }

  /** Whether the examples came with weights (then the weighted figures mean something). */
  public boolean weighted() {
    return weighted;
  }

  /** The examples' total weight. */
  public double weightSum() {
    return weightSum;
  }

  /** {@code Σ w·loss / Σ w}. */
  public double weightedLoss() {
    return weightedLoss / weightSum;
  }

  /** The correctly classified examples' share of the total weight. */
  public double weightedAccuracy() {
    return weightedCorrect / weightSum;
  }

  public double weightedTopKAccuracy() {
    return weightedTopK / weightSum;
  }

  /** Counts records left out, indexed by {@link SkipReason#ordinal()}. */
  public void addSkipped(long[] byReason) {
    for (int i = 0; i < skipped.length; i++) {
      skipped[i] += byReason[i];
    }
  }

  public long skipped(SkipReason reason) {
    return skipped[reason.ordinal()];
  }

  public long skippedTotal() {
    long n = 0;
    for (long s : skipped) {
      n += s;
    }
    return n;
  }

  /** Adds {@code other} into this and returns this. */
  public Metrics merge(Metrics other) {
    if (other.classes != classes || other.k != k) {
      throw new IllegalArgumentException("cannot merge metrics over " + other.classes
          + " classes (top-" + other.k + ") into " + classes + " classes (top-" + k + ")");
    }
    count += other.count;
    lossSum += other.lossSum;
    topK += other.topK;
    for (int i = 0; i < confusion.length; i++) {
      confusion[i] += other.confusion[i];
    }
    addSkipped(other.skipped);
    weighted |= other.weighted;
    weightSum += other.weightSum;
    weightedLoss += other.weightedLoss;
    weightedCorrect += other.weightedCorrect;
    weightedTopK += other.weightedTopK;
    return this;
  }

  public int classes() {
    return classes;
  }

  public int k() {
    return k;
  }

  public long count() {
    return count;
  }

  public double loss() {
    return lossSum / count;
  }

  public long correct() {
    long c = 0;
    for (int i = 0; i < classes; i++) {
      c += confusion[i * classes + i];
    }
    return c;
  }

  public double accuracy() {
    return (double) correct() / count;
  }

  public double topKAccuracy() {
    return (double) topK / count;
  }

  /** Examples of true class {@code truth} predicted as {@code predicted}. */
  public long confusion(int truth, int predicted) {
    return confusion[truth * classes + predicted];
  }

  public double precision(int c) {
    long predicted = 0;
    for (int t = 0; t < classes; t++) {
      predicted += confusion(t, c);
    }
    return predicted == 0 ? 0 : (double) confusion(c, c) / predicted;
  }

  public double recall(int c) {
    long actual = 0;
    for (int p = 0; p < classes; p++) {
      actual += confusion(c, p);
    }
    return actual == 0 ? 0 : (double) confusion(c, c) / actual;
  }

  public double f1(int c) {
    double p = precision(c);
    double r = recall(c);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** Mean of {@link #precision} over classes (macro average). */
  public double macroPrecision() {
    double s = 0;
    for (int c = 0; c < classes; c++) {
      s += precision(c);
    }
    return s / classes;
  }

  public double macroRecall() {
    double s = 0;
    for (int c = 0; c < classes; c++) {
      s += recall(c);
    }
    return s / classes;
  }

  public double macroF1() {
    double s = 0;
    for (int c = 0; c < classes; c++) {
      s += f1(c);
    }
    return s / classes;
  }
}
