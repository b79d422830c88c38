package dev.neuron.train;

import java.util.List;

/**
 * How the driver gets every partition's share of a step: one Spark job per step
 * ({@link JobSteps}) or long-lived gang tasks fed over a channel ({@link GangSteps}). Either way
 * the results come back in partition order and the algorithm is the same.
 */
public interface StepExecutor extends AutoCloseable {
  /** Runs step {@code step} of epoch {@code epoch} with weights {@code params}. */
  List<StepResult> run(float[] params, int epoch, int step);

  /**
   * Waits until steps can run (a gang has assembled), so that start-up, paid once per run, is
   * not counted in the first epoch's time.
   */
  default void awaitReady() {}

  /**
   * Frees the cluster's task slots until {@link #awaitReady} or the next step, so that other Spark
   * jobs can run meanwhile (a gang ends its stage; one job per step holds no slot between steps).
   */
  default void pause() {}

  /** What the step channel has carried since the executor started; {@link Traffic#NONE}. */
  default Traffic traffic() {
    return Traffic.NONE;
  }

  @Override
  void close();
}
