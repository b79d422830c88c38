package dev.neuron.train;

/** Callbacks from the driver loop; all run on the driver between steps. */
public interface TrainingListener {
  /** Before the first step: the mode the steps run in, and why. */
  default void onStart(ModeChoice mode) {}

  default void onStep(StepStats step) {}

  default void onEpoch(EpochStats epoch, int epochs) {}

  /** After each epoch of a run with periodic averaging: what the epoch exchanged. */
  default void onTraffic(EpochTraffic epoch) {}

  /**
   * Whether {@link #onEpoch} runs Spark jobs (scoring a validation set): a gang holds its task
   * slots while it trains, so the trainer then ends the gang's stage before each {@code onEpoch}
   * and starts a new one for the next epoch.
   */
  default boolean runsSparkJobs() {
    return false;
  }

  /** Asked after each epoch (after {@link #onEpoch}); {@code true} ends training there. */
  default boolean stopRequested() {
    return false;
  }

  TrainingListener NONE = new TrainingListener() {};
}
