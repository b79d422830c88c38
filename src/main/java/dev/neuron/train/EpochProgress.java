package dev.neuron.train;

/**
 * Where a run stands within its epoch, as a checkpoint records it: the epoch in progress
 * (0-based), the next step to run in it, and the epoch's running sums so far (the loss summed
 * over examples, the correct predictions, the examples, the seconds spent).
 */
public record EpochProgress(int epoch, int step, double loss, long correct, long count,
    double seconds) {
  /** A run's start: epoch 0, step 0, nothing summed. */
  public static final EpochProgress START = new EpochProgress(0, 0, 0, 0, 0, 0);
}
