package dev.neuron.train;

import java.io.Serializable;

/**
 * One partition's round of local steps ({@link LocalSgd}): its weights after the round and, when
 * the state policy ships it, its optimizer slots ({@code null} when it had no example in the
 * round, so an idle partition ships nothing); the epoch-loss contribution of each of its steps (the
 * step's summed loss plus the L2 penalty times its count, as {@link SparkTrainer#apply} adds a
 * step's; 0 for a step without examples), kept apart so that the driver adds them step by step,
 * its example count, weight sum and correct predictions, the steps it took, and the nanoseconds
 * its arithmetic took. A step whose loss or gradient is not finite ends the round: then
 * {@link #divergedStep} is that step (in its epoch), {@code params} holds the step's gradient and
 * {@link #firstNonFinite} its first bad entry (−1: only the loss). A class, not a record, for
 * Kryo.
 */
final class RoundResult implements Serializable {
  private static final long serialVersionUID = 1L;
  final float[] params;
  final float[][] slots;
  final double[] losses;
  final long count;
  final double weight;
  final long correct;
  final int steps;
  final long nanos;
  final int divergedStep;
  final double divergedLoss;
  final int firstNonFinite;

  RoundResult(float[] params, float[][] slots, double[] losses, long count, double weight,
      long correct, int steps, long nanos, int divergedStep, double divergedLoss,
      int firstNonFinite) {
    this.params = params;
    this.slots = slots;
    this.losses = losses;
    this.count = count;
    this.weight = weight;
    this.correct = correct;
    this.steps = steps;
    this.nanos = nanos;
    this.divergedStep = divergedStep;
    this.divergedLoss = divergedLoss;
    this.firstNonFinite = firstNonFinite;
  }

  static RoundResult empty() {
    return new RoundResult(null, null, new double[0], 0, 0, 0, 0, 0, -1, 0, -1);
  }

  boolean diverged() {
    return divergedStep >= 0;
  }

  /** Floats this result carries to the driver (what a sync moves up from this partition). */
  long floats() {
    long n = params == null ? 0 : params.length;
    if (slots != null) {
      for (float[] s : slots) {
        n += s.length;
      }
    }
    return n;
  }
}
