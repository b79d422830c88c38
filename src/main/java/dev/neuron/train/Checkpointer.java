package dev.neuron.train;

/** Decides when to save the training state; called by the driver loop after each step and epoch. */
public interface Checkpointer {
  void afterStep(TrainingState state, boolean lastOfEpoch);

  void afterEpoch(TrainingState state);

  Checkpointer NONE = new Checkpointer() {
    @Override
    public void afterStep(TrainingState state, boolean lastOfEpoch) {}

    @Override
    public void afterEpoch(TrainingState state) {}
  };
}
