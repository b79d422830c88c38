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

  /**
   * What the run carries of the listener's records after an epoch ({@link EpochMonitor}: the
   * epochs' validation metrics, early stopping's and reduce-on-plateau's progress), asked after
   * each {@link #onEpoch}; {@code current} is what the state holds, and a listener that records
   * nothing returns it. The trainer writes the answer into the {@link TrainingState}, so the state
   * has one writer, and the next steps' rate ({@link SparkTrainer#rule}) and the checkpoints read
   * it from there.
   */
  default Monitoring monitoring(Monitoring current) {
    return current;
  }

  /** Asked after each epoch (after {@link #onEpoch}); {@code true} ends training there. */
  default boolean stopRequested() {
    return false;
  }

  TrainingListener NONE = new TrainingListener() {};
}
