package dev.neuron.train;

import java.io.Serializable;

/**
 * One partition's share of a step: the gradient summed over its examples ({@code null} when it had
 * none, so empty shares ship nothing), the summed loss (both weighted by the examples' weights
 * when there are any), the example count, the sum of the examples' weights (the count when
 * unweighted), the correct-prediction count, and the nanoseconds its arithmetic took. A class, not a record: Kryo's unsafe field access, which
 * makes returning the gradient cheap, cannot read record fields.
 */
public final class StepResult implements Serializable {
  private static final long serialVersionUID = 1L;
  private final float[] gradient;
  private final double loss;
  private final long count;
  private final double weight;
  private final long correct;
  private final long nanos;

  /** Unweighted: every example's weight is 1, so the weight sum is the count. */
  public StepResult(float[] gradient, double loss, long count, long correct, long nanos) {
    this(gradient, loss, count, count, correct, nanos);
  }

  public StepResult(float[] gradient, double loss, long count, double weight, long correct,
      long nanos) {
    this.gradient = gradient;
    this.loss = loss;
    this.count = count;
    this.weight = weight;
    this.correct = correct;
    this.nanos = nanos;
  }

  public static StepResult empty() {
    return new StepResult(null, 0, 0, 0, 0);
  }

  /** The sum of the examples' weights ({@link #count()} when unweighted). */
  public double weight() {
    return weight;
  }

  public float[] gradient() {
    return gradient;
  }

  public double loss() {
    return loss;
  }

  public long count() {
    return count;
  }

  public long correct() {
    return correct;
  }

  public long nanos() {
    return nanos;
  }
}
