package dev.neuron.train;

import dev.neuron.optim.OptimizerState;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a run needs to continue exactly where it stopped: weights, optimizer state, the next
 * step to run, the current epoch's running sums, the finished epochs, and what the epoch monitor
 * recorded (validation metrics, early stopping). The random position is implied by the seed,
 * epoch and step, so it needs no field of its own. The trainer changes it only through the
 * package's named steps ({@link #addSteps}, {@link #finishEpoch}, {@link #startNextEpoch}, …);
 * the weights and optimizer state change in place, by the optimizer.
 */
public final class TrainingState {
  final float[] params;
  final OptimizerState optimizer;
  private int epoch;
  private int step;
  private double epochLoss;
  private long epochCorrect;
  private long epochCount;
  private double epochSeconds;
  private final List<EpochStats> history;
  private Monitoring monitoring;

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

  /**
   * The trainer's record of {@code steps} steps just taken: their losses (each summed over its
   * examples, added in the order given), correct predictions and examples.
   */
  void addSteps(int steps, double[] losses, long correct, long count) {
    for (double l : losses) {
      epochLoss += l;
    }
    epochCorrect += correct;
    epochCount += count;
    step += steps;
  }

  /** The seconds the epoch in progress has taken so far (a resumed epoch's included). */
  void timeEpoch(double seconds) {
    epochSeconds = seconds;
  }

  /**
   * Ends the epoch in progress after {@code seconds}, its last step at {@code rate}: appends its
   * {@link EpochStats} (mean loss and accuracy over its examples) to the history and returns them.
   */
  EpochStats finishEpoch(double seconds, float rate) {
    EpochStats e = new EpochStats(epoch + 1, epochLoss / epochCount,
        (double) epochCorrect / epochCount, seconds, epochCount / seconds, rate);
    history.add(e);
    return e;
  }

  /** Moves to the next epoch's first step, its sums at zero. */
  void startNextEpoch() {
    epoch++;
    step = 0;
    epochLoss = 0;
    epochCorrect = 0;
    epochCount = 0;
    epochSeconds = 0;
  }

  /** What the epoch monitor has recorded, as the trainer asked it after an epoch. */
  void keep(Monitoring m) {
    monitoring = m;
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
