package dev.neuron.train;

/**
 * One step as the driver saw it: the batch's mean loss, its example count, the wall-clock
 * nanoseconds of the whole step, and the longest partition's arithmetic in nanoseconds (the rest is
 * coordination).
 */
public record StepStats(int epoch, int step, int steps, double loss, long count, long nanos,
    long computeNanos) {}
