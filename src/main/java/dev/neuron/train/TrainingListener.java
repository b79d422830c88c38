package dev.neuron.train;

/** Callbacks from the driver loop; all run on the driver between steps. */
public interface TrainingListener {
  default void onStep(StepStats step) {}

  default void onEpoch(EpochStats epoch, int epochs) {}

  /** Asked after each epoch (after {@link #onEpoch}); {@code true} ends training there. */
  default boolean stopRequested() {
    return false;
  }

  TrainingListener NONE = new TrainingListener() {};
}
