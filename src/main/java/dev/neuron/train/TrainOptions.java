package dev.neuron.train;

import dev.neuron.nn.Initializer;
import dev.neuron.optim.Optimizer;

/**
 * How to fit: epochs, global minibatch size ({@link #FULL_BATCH} for full-batch gradient descent:
 * one step per epoch over all examples), optimizer, initializer and the seed every random draw
 * derives from.
 */
public record TrainOptions(int epochs, int batchSize, Optimizer optimizer, Initializer initializer,
    long seed) {
  public static final int FULL_BATCH = 0;

  public TrainOptions {
    if (epochs <= 0) {
      throw new IllegalArgumentException("epochs must be positive, found " + epochs);
    }
    if (batchSize < 0) {
      throw new IllegalArgumentException("batch size must be positive (or 0 for the full batch),"
          + " found " + batchSize);
    }
    if (optimizer == null || initializer == null) {
      throw new IllegalArgumentException("an optimizer and an initializer are required");
    }
  }

  /** The batch size in effect for a data set of {@code count} examples. */
  public int batchFor(long count) {
    return batchSize == FULL_BATCH || batchSize > count ? (int) Math.min(count, Integer.MAX_VALUE)
        : batchSize;
  }
}
