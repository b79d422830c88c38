package dev.neuron.train;

import dev.neuron.nn.Initializer;
import dev.neuron.optim.Optimizer;
import dev.neuron.optim.Schedule;

/**
 * How to fit: epochs, global minibatch size ({@link #FULL_BATCH} for full-batch gradient descent:
 * one step per epoch over all examples), optimizer, initializer, the seed every random draw
 * derives from, the learning-rate schedule ({@link Schedule#NONE}: the optimizer's constant rate)
 * and reduce-on-plateau ({@code null}: none), and periodic averaging ({@link LocalSgd#OFF}: every
 * step synchronous).
 */
public record TrainOptions(int epochs, int batchSize, Optimizer optimizer, Initializer initializer,
    long seed, Schedule schedule, ReduceLrOnPlateau plateau, LocalSgd local) {
  public static final int FULL_BATCH = 0;

  public TrainOptions {
    if (epochs <= 0) {
      throw new IllegalArgumentException("epochs must be positive, found " + epochs);
    }
    if (batchSize < 0) {
      throw new IllegalArgumentException("batch size must be positive (or 0 for the full batch),"
          + " found " + batchSize);
    }
    if (optimizer == null || initializer == null || schedule == null || local == null) {
      throw new IllegalArgumentException("an optimizer, an initializer, a schedule and a"
          + " periodic-averaging setting (LocalSgd.OFF: none) are required");
    }
    if (plateau != null && schedule.decay() != dev.neuron.optim.Decay.NONE) {
      throw new IllegalArgumentException("reduce_lr cannot follow a plateau under the "
          + schedule.decay().key() + " schedule, which sets every step's rate (as Keras'"
          + " ReduceLROnPlateau cannot change a LearningRateSchedule's rate); use schedule none,"
          + " with a warm-up if wanted");
    }
  }

  /** A constant learning rate, no plateau reduction. */
  public TrainOptions(int epochs, int batchSize, Optimizer optimizer, Initializer initializer,
      long seed) {
    this(epochs, batchSize, optimizer, initializer, seed, Schedule.NONE, null, LocalSgd.OFF);
  }

  /** The same options with a schedule and reduce-on-plateau ({@code null}: none). */
  public TrainOptions withSchedule(Schedule schedule, ReduceLrOnPlateau plateau) {
    return new TrainOptions(epochs, batchSize, optimizer, initializer, seed, schedule, plateau,
        local);
  }

  /** The same options with periodic averaging ({@link LocalSgd#OFF}: none). */
  public TrainOptions withLocalSgd(LocalSgd local) {
    return new TrainOptions(epochs, batchSize, optimizer, initializer, seed, schedule, plateau,
        local);
  }

  /** The batch size in effect for a data set of {@code count} examples. */
  public int batchFor(long count) {
    return batchSize == FULL_BATCH || batchSize > count ? (int) Math.min(count, Integer.MAX_VALUE)
        : batchSize;
  }

  /**
   * The learning rate of optimizer step {@code t} (0: the run's first), given the base rate the
   * plateau reducer holds ({@code NaN}: none yet, the optimizer's own).
   */
  public float rate(long t, float plateauRate) {
    float base = Float.isNaN(plateauRate) ? optimizer.learningRate() : plateauRate;
    return schedule.rate(base, t);
  }
}
