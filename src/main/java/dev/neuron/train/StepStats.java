package dev.neuron.train;

/**
 * One step as the driver saw it: the batch's mean loss, its example count, the wall-clock
 * nanoseconds of the whole step, the longest partition's arithmetic, and the driver's own
 * element-wise work (summing, dividing, checking, updating); the rest is coordination. With what
 * the step channel carried for it ({@link Traffic}).
 */
public record StepStats(int epoch, int step, int steps, double loss, long count, long nanos,
    long computeNanos, long driverNanos, Traffic traffic) {

  public StepStats(int epoch, int step, int steps, double loss, long count, long nanos,
      long computeNanos, long driverNanos) {
    this(epoch, step, steps, loss, count, nanos, computeNanos, driverNanos, Traffic.NONE);
  }

  /** The same step with what the step channel carried for it. */
  public StepStats withTraffic(Traffic t) {
    return new StepStats(epoch, step, steps, loss, count, nanos, computeNanos, driverNanos, t);
  }
}
