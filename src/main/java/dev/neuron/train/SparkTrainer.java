package dev.neuron.train;

import dev.neuron.data.TrainingSet;
import dev.neuron.linalg.Chunks;
import dev.neuron.nn.Network;
import dev.neuron.nn.Penalty;
import dev.neuron.optim.Optimizer;
import dev.neuron.train.gang.GangSteps;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The driver loop of synchronous minibatch training. Every step:
 *
 * <pre>
 *   w → each partition: Σ_{its examples in the step} ∇loss → results in partition order
 *   → g = Σ / (true example count) + 2λ·W (L2 kernel penalties)
 *   → optimizer.step(w, g) at the step's rate (schedule, reduce-on-plateau)
 * </pre>
 *
 * How w reaches the partitions and the sums come back is the {@link ExecutionMode}'s business
 * ({@link JobSteps}: a broadcast and a Spark job per step; {@link GangSteps}: a barrier stage fed
 * over a channel), chosen once per fit ({@link ModeChoice}; {@code auto} by default) and told to
 * the listener; the arithmetic and the summation order are the same, so both modes give the same
 * bits. Results are added in partition order, never in task-completion order, so a run is
 * bit-for-bit reproducible from its seed for a given partitioning.
 */
public final class SparkTrainer {
  private final JavaSparkContext jsc;
  private final ExecutionMode mode;
  private final int stepLimit;

  public SparkTrainer(JavaSparkContext jsc) {
    this(jsc, ExecutionMode.AUTO, Integer.MAX_VALUE);
  }

  private SparkTrainer(JavaSparkContext jsc, ExecutionMode mode, int stepLimit) {
    this.jsc = jsc;
    this.mode = mode;
    this.stepLimit = stepLimit;
  }

  /** The same trainer executing steps in {@code mode} (default {@code auto}). */
  public SparkTrainer withMode(ExecutionMode mode) {
    return new SparkTrainer(jsc, mode, stepLimit);
  }

  /** For benchmarks: ends each epoch after at most {@code steps} steps. */
  public SparkTrainer withStepLimit(int steps) {
    return new SparkTrainer(jsc, mode, steps);
  }

  /** Fresh state: weights from the initializer, zeroed optimizer state, epoch 0. */
  public static TrainingState initialState(Network net, TrainOptions opt) {
    float[] params = net.initialParameters(opt.initializer(),
        new SplittableRandom(Seeds.derive(opt.seed(), Seeds.Purpose.INIT, 0)));
    return TrainingState.fresh(params, opt.optimizer().newState(params.length));
  }

  /** Trains from fresh weights; returns the final state, whose history has one entry per epoch. */
  public TrainingState fit(TrainingSet data, Network net, TrainOptions opt,
      TrainingListener listener) {
    return fit(data, net, opt, initialState(net, opt), listener, Checkpointer.NONE);
  }

  /** Continues {@code state} (fresh or restored from a checkpoint) to the last epoch. */
  public TrainingState fit(TrainingSet data, Network net, TrainOptions opt, TrainingState state,
      TrainingListener listener, Checkpointer checkpointer) {
    if (data.inputs() != net.inputSize() || data.outputs() != net.outputSize()) {
      throw new IllegalArgumentException(String.format("the network %s takes %d inputs and gives %d"
          + " outputs, but the data has %d features and %d targets", net.describe(),
          net.inputSize(), net.outputSize(), data.inputs(), data.outputs()));
    }
    int batch = opt.batchFor(data.count());
    int steps = (int) Math.min(stepLimit, (data.count() + batch - 1) / batch);
    float[] grad = new float[net.paramCount()];
    ModeChoice choice = opt.local().mode(ModeChoice.of(jsc.sc(), mode, data.partitions(),
        data.blocks().getStorageLevel()));
    listener.onStart(choice);
    PeriodicAveraging averaging = opt.local().on()
        ? new PeriodicAveraging(jsc, data, net, opt, opt.local(), batch) : null;
    try (StepExecutor executor = executor(choice.mode(), data, net, opt.seed(), batch)) {
      loop(net, opt, state, listener, checkpointer, executor, averaging, steps, grad);
    }
    return state;
  }

  private StepExecutor executor(ExecutionMode chosen, TrainingSet data, Network net, long seed,
      int batch) {
    if (chosen == ExecutionMode.GANG) {
      return GangSteps.start(jsc, data, net, seed, batch);
    }
    GangSteps.warnIfWireIgnored(jsc);
    return new JobSteps(jsc, data, net, seed, batch);
  }

  private static void loop(Network net, TrainOptions opt, TrainingState state,
      TrainingListener listener, Checkpointer checkpointer, StepExecutor executor,
      PeriodicAveraging averaging, int steps, float[] grad) {
    // A resumed run that early stopping had already ended trains no further.
    while (state.epoch() < opt.epochs() && !listener.stopRequested()) {
      executor.awaitReady();
      long epochStart = System.nanoTime() - (long) (state.epochSeconds() * 1e9);
      while (state.step() < steps) {
        long t0 = System.nanoTime();
        // With periodic averaging a call may run a round of several steps.
        Traffic before = executor.traffic();
        StepStats stats = averaging != null ? averaging.next(executor, state, grad, steps, t0)
            : apply(net, opt, state, executor.run(state.params, state.epoch(), state.step()), grad,
                steps, t0).withTraffic(executor.traffic().minus(before));
        state.timeEpoch((System.nanoTime() - epochStart) / 1e9);
        listener.onStep(stats);
        checkpointer.afterStep(state, state.step() == steps);
      }
      double seconds = (System.nanoTime() - epochStart) / 1e9;
      EpochStats finished = state.finishEpoch(seconds,
          rule(opt, state, state.optimizer.steps() - 1).learningRate());
      if (averaging != null) {
        averaging.endEpoch(state.epoch() + 1, listener);
      }
      if (listener.runsSparkJobs()) {
        executor.pause();
      }
      listener.onEpoch(finished, opt.epochs());
      state.keep(listener.monitoring(state.monitoring()));
      state.startNextEpoch();
      checkpointer.afterEpoch(state);
      if (listener.stopRequested()) {
        break;
      }
    }
  }

  /** One step's per-partition results, in partition order (for tests). */
  List<StepResult> partitionResults(TrainingSet data, Network net, float[] params, long seed,
      int epoch, int step, int batch) {
    ModeChoice choice = ModeChoice.of(jsc.sc(), mode, data.partitions(),
        data.blocks().getStorageLevel());
    try (StepExecutor executor = executor(choice.mode(), data, net, seed, batch)) {
      return executor.run(params, epoch, step);
    }
  }

  /**
   * The update rule of optimizer step {@code t} (0: the run's first): the configured one at the
   * rate the schedule and reduce-on-plateau give that step.
   */
  static Optimizer rule(TrainOptions opt, TrainingState state, long t) {
    float plateau = state.monitoring().plateauRate();
    if (!opt.schedule().varies() && Float.isNaN(plateau)) {
      return opt.optimizer();
    }
    return opt.optimizer().withLearningRate(opt.rate(t, plateau));
  }

  /**
   * Divides the summed gradient once by the true example count, checks it and the loss, and only
   * then counts the step and updates: a second pass over the parameters, so that a step that
   * diverges leaves weights, optimizer state and position as they were.
   */
  static StepStats apply(Network net, TrainOptions opt, TrainingState state,
      List<StepResult> parts, float[] grad, int steps, long t0) {
    long t1 = System.nanoTime();
    String where = "epoch " + (state.epoch() + 1) + ", step " + (state.step() + 1);
    CheckedMean sum = CheckedMean.of(parts, grad, where);
    // The L2 penalty joins the mean loss once per step, as Keras adds a layer's losses per batch.
    double penalty = net.hasPenalty() ? Penalty.value(net, state.params) : 0;
    Divergence.check(net, where, sum.loss() + penalty * sum.count(), grad,
        sum.firstNonFinite());
    if (net.hasPenalty()) {
      Chunks.forEach(grad.length,
          (c, from, to) -> Penalty.addGradient(net, state.params, grad, from, to));
    }
    rule(opt, state, state.optimizer.steps()).step(state.params, grad, state.optimizer,
        net.tensors());
    // The step's loss is its (weighted) mean plus the penalty; the epoch's, as Keras reports it,
    // the mean of the steps' losses weighted by their example counts (unweighted: the mean over
    // examples, summed as before).
    boolean weighted = sum.weight() != sum.count();
    double mean = sum.loss() / (weighted ? (sum.weight() > 0 ? sum.weight() : 1) : sum.count());
    state.addSteps(1, new double[] {weighted ? (mean + penalty) * sum.count()
        : sum.loss() + penalty * sum.count()}, sum.correct(), sum.count());
    return new StepStats(state.epoch() + 1, state.step(), steps, mean + penalty, sum.count(),
        System.nanoTime() - t0, sum.maxNanos(), System.nanoTime() - t1);
  }
}
