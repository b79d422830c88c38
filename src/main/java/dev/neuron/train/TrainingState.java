package dev.neuron.train;

import dev.neuron.optim.OptimizerState;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a run needs to continue exactly where it stopped: weights, optimizer state, the next
 * step to run, the current epoch's running sums, the finished epochs, and what the epoch monitor
 * recorded (validation metrics, early stopping). The random position is implied by the seed,
 * epoch and step, so it needs no field of its own.
 */
public final class TrainingState {
  final float[] params;
  final OptimizerState optimizer;
  int epoch;
  int step;
  double epochLoss;
  long epochCorrect;
  long epochCount;
  double epochSeconds;
  final List<EpochStats> history;
  Monitoring monitoring;

  /** A run's start: {@code params} and {@code optimizer} at epoch 0, step 0, nothing recorded. */
  public static TrainingState fresh(float[] params, OptimizerState optimizer) {
    return new TrainingState(params, optimizer, EpochProgress.START, List.of(), Monitoring.NONE);
  }

  /**
   * A run at {@code at} with the finished epochs {@code history} and what the epoch monitor
   * recorded ({@link Monitoring#NONE}: nothing).
   */
  public TrainingState(float[] params, OptimizerState optimizer, EpochProgress at,
      List<EpochStats> history, Monitoring monitoring) {
    this.params = params;
    this.optimizer = optimizer;
    this.epoch = at.epoch();
    this.step = at.step();
    this.epochLoss = at.loss();
    this.epochCorrect = at.correct();
    this.epochCount = at.count();
    this.epochSeconds = at.seconds();
    this.history = new ArrayList<>(history);
    this.monitoring = monitoring;
  }

  public float[] params() {
    return params;
  }

  public OptimizerState optimizer() {
    return optimizer;
  }

  /** The epoch in progress (0-based); equals the epoch count once training is done. */
  public int epoch() {
    return epoch;
  }

  /** The next step to run within {@link #epoch()}. */
  public int step() {
    return step;
  }

  public double epochLoss() {
    return epochLoss;
  }

  public long epochCorrect() {
    return epochCorrect;
  }

  public long epochCount() {
    return epochCount;
  }

  public double epochSeconds() {
    return epochSeconds;
  }

  public List<EpochStats> history() {
    return List.copyOf(history);
  }

  public Monitoring monitoring() {
    return monitoring;
  }
}
