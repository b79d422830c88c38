package dev.neuron.train;

import dev.neuron.data.TrainingSet;
import dev.neuron.nn.Network;
import dev.neuron.optim.OptimizerState;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's side of a run with periodic averaging ({@link LocalSgd}): each call runs the next
 * synchronous step (during the warm-up, through the run's {@link StepExecutor} and
 * {@link SparkTrainer#apply}) or the next round, one Spark job: broadcast the weights (and the
 * state the policy ships), run {@link RoundFunction} on every partition, then average the
 * partitions' weights (and state) with {@link CheckedMean}'s pairwise sum in partition order,
 * divided once by the number of partitions that had examples. Nothing in the state changes until the
 * whole round is known to be finite, so a round that diverges leaves the state as it found it.
 * Counts each epoch's {@link EpochTraffic} and tells the listener.
 */
final class PeriodicAveraging {
  private static final Logger LOG = LoggerFactory.getLogger(PeriodicAveraging.class);
  private final JavaSparkContext jsc;
  private final TrainingSet data;
  private final Network net;
  private final TrainOptions opt;
  private final LocalSgd local;
  private final int batch;
  private long syncSteps;
  private long rounds;
  private long bytesDown;
  private long bytesUp;

  PeriodicAveraging(JavaSparkContext jsc, TrainingSet data, Network net, TrainOptions opt,
      LocalSgd local, int batch) {
    this.jsc = jsc;
    this.data = data;
    this.net = net;
    this.opt = opt;
    this.local = local;
    this.batch = batch;
  }

  /** Runs the next synchronous step or round of {@code state}'s epoch of {@code steps} steps. */
  StepStats next(StepExecutor executor, TrainingState state, float[] grad, int steps, long t0) {
    int h = local.roundLength(state.optimizer.steps(), state.step(), steps);
    int partitions = data.partitions();
    long floats = grad.length;
    if (h == 0) {
      List<StepResult> parts = executor.run(state.params, state.epoch(), state.step());
      syncSteps++;
      long down = 4 * floats * partitions;
      long up = 0;
      for (StepResult r : parts) {
        up += r.count() > 0 && r.gradient() != null ? 4 * floats : 0;
      }
      bytesDown += down;
      bytesUp += up;
      return SparkTrainer.apply(net, opt, state, parts, grad, steps, t0)
          .withTraffic(new Traffic(1, down, up));
    }
    long taken = state.optimizer.steps();
    float[] rates = new float[h];
    for (int i = 0; i < h; i++) {
      rates[i] = SparkTrainer.rule(opt, state, taken + i).learningRate();
    }
    OptimizerState s = state.optimizer;
    int shipped = local.state().slotsShipped(s.slotCount());
    float[][] slots = new float[s.slotCount()][];
    for (int k = 0; k < slots.length; k++) {
      slots[k] = s.slot(k);
    }
    jsc.setJobDescription("epoch " + (state.epoch() + 1) + " steps " + (state.step() + 1) + "-"
        + (state.step() + h) + " (a round of local steps)");
    Broadcast<float[]> bw = jsc.broadcast(state.params);
    Broadcast<float[][]> bs = shipped > 0 ? jsc.broadcast(slots) : null;
    RoundResult[] results;
    try {
      results = EveryPartition.run(data.blocks().rdd(), new RoundFunction(bw, bs, taken, net,
          opt.optimizer(), rates, opt.seed(), state.epoch(), state.step(), batch, data.count()),
          RoundResult.class);
    } finally {
      bw.destroy();
      if (bs != null) {
        bs.destroy();
      }
    }
    long t1 = System.nanoTime();
    rounds++;
    long down = 4 * floats * (1 + shipped) * partitions;
    long up = 0;
    for (RoundResult r : results) {
      up += 4 * r.floats();
    }
    bytesDown += down;
    bytesUp += up;
    // The payload as the step channel's Traffic too, so step_times and the benches see the syncs.
    return apply(state, results, slots, grad, h, steps, t0, t1)
        .withTraffic(new Traffic(1, down, up));
  }

  /** Checks the round, averages it into {@code state} and advances the position by {@code h}. */
  private StepStats apply(TrainingState state, RoundResult[] results, float[][] slots,
      float[] grad, int h, int steps, long t0, long t1) {
    String where = "epoch " + (state.epoch() + 1) + ", steps " + (state.step() + 1) + "-"
        + (state.step() + h);
    RoundResult first = null;
    int firstPartition = -1;
    for (int p = 0; p < results.length; p++) {
      RoundResult r = results[p];
      if (r.diverged() && (first == null || r.divergedStep < first.divergedStep)) {
        first = r;
        firstPartition = p;
      }
    }
    if (first != null) {
      Divergence.check(net, "epoch " + (state.epoch() + 1) + ", step " + (first.divergedStep + 1)
          + " (local step of partition " + firstPartition + ")", first.divergedLoss,
          first.params, first.firstNonFinite);
    }
    List<StepResult> weights = new ArrayList<>();
    List<List<StepResult>> slotParts = new ArrayList<>();
    for (int k = 0; k < slots.length; k++) {
      slotParts.add(new ArrayList<>());
    }
    double loss = 0;
    long count = 0;
    long correct = 0;
    long maxNanos = 0;
    boolean averageSlots = local.state().slotsShipped(slots.length) > 0;
    for (RoundResult r : results) {
      boolean in = r.steps > 0;
      // Weight 1 each: CheckedMean then divides the pairwise sum by the partitions that took
      // part.
      weights.add(in ? new StepResult(r.params, 0, 1, 1, 0, 0) : StepResult.empty());
      for (int k = 0; k < slots.length && averageSlots; k++) {
        slotParts.get(k).add(in ? new StepResult(r.slots[k], 0, 1, 1, 0, 0)
            : StepResult.empty());
      }
      count += r.count;
      correct += r.correct;
      maxNanos = Math.max(maxNanos, r.nanos);
    }
    // Step by step, partitions in order within a step: with one partition, the synchronous
    // run's epoch loss to the bit.
    for (int i = 0; i < h; i++) {
      for (RoundResult r : results) {
        loss += i < r.losses.length ? r.losses[i] : 0;
      }
    }
    CheckedMean mean = CheckedMean.of(weights, grad, where);
    if (mean.firstNonFinite() >= 0 || !Double.isFinite(loss)) {
      throw new DivergenceException("training diverged at " + where + ": loss " + loss
          + "; the averaged weight " + mean.firstNonFinite() + " is not finite");
    }
    float[][] averaged = new float[averageSlots ? slots.length : 0][];
    for (int k = 0; k < averaged.length; k++) {
      averaged[k] = new float[grad.length];
      CheckedMean.of(slotParts.get(k), averaged[k], where);
    }
    System.arraycopy(grad, 0, state.params, 0, grad.length);
    for (int k = 0; k < averaged.length; k++) {
      System.arraycopy(averaged[k], 0, slots[k], 0, grad.length);
    }
    for (int i = 0; i < h; i++) {
      state.optimizer.advance();
    }
    // Each step's partition losses, step by step, as the epoch's sum takes them.
    double[] losses = new double[h * results.length];
    for (int i = 0, n = 0; i < h; i++) {
      for (RoundResult r : results) {
        losses[n++] = i < r.losses.length ? r.losses[i] : 0;
      }
    }
    state.addSteps(h, losses, correct, count);
    return new StepStats(state.epoch() + 1, state.step(), steps, loss / Math.max(1, count), count,
        System.nanoTime() - t0, maxNanos, System.nanoTime() - t1);
  }

  /** The epoch's traffic, logged and told to {@code listener}; the counters start again. */
  void endEpoch(int epoch, TrainingListener listener) {
    EpochTraffic t = new EpochTraffic(epoch, syncSteps, rounds, bytesDown, bytesUp);
    LOG.info("epoch {}: {} syncs ({} synchronous steps, {} rounds of local steps, {}),"
        + " {} bytes down, {} bytes up", epoch, t.syncs(), syncSteps, rounds, local.describe(),
        bytesDown, bytesUp);
    listener.onTraffic(t);
    syncSteps = 0;
    rounds = 0;
    bytesDown = 0;
    bytesUp = 0;
  }
}
