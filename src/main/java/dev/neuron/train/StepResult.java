package dev.neuron.train;

import java.io.Serializable;

/**
 * One partition's share of a step: the gradient summed over its examples ({@code null} when it had
 * none, so empty shares ship nothing), the summed loss, the example and correct-prediction counts,
 * and the nanoseconds its arithmetic took. A class, not a record: Kryo's unsafe field access, which
 * makes returning the gradient cheap, cannot read record fields.
 */
public final class StepResult implements Serializable {
  private static final long serialVersionUID = 1L;
  private final float[] gradient;
  private final double loss;
  private final long count;
  private final long correct;
  private final long nanos;

  public StepResult(float[] gradient, double loss, long count, long correct, long nanos) {
    this.gradient = gradient;
    this.loss = loss;
    this.count = count;
    this.correct = correct;
    this.nanos = nanos;
  }

  public static StepResult empty() {
    return new StepResult(null, 0, 0, 0, 0);
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
