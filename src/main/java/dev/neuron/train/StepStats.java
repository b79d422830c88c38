package dev.neuron.train;

/**
 * One step as the driver saw it: the batch's mean loss, its example count, the wall-clock
 * nanoseconds of the whole step, the longest partition's arithmetic, and the driver's own
 * element-wise work (summing, dividing, checking, updating); the rest is coordination.
 */
public record StepStats(int epoch, int step, int steps, double loss, long count, long nanos,
    long computeNanos, long driverNanos) {}
