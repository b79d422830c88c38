package dev.neuron.train;

/** Callbacks from the driver loop; both run on the driver between steps. */
public interface TrainingListener {
  default void onStep(StepStats step) {}

  default void onEpoch(EpochStats epoch, int epochs) {}

  TrainingListener NONE = new TrainingListener() {};
}
