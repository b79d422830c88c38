package dev.neuron.train;

import dev.neuron.data.ExampleBlock;
import dev.neuron.nn.Network;
import dev.neuron.nn.Penalty;
import dev.neuron.optim.Optimizer;
import dev.neuron.optim.OptimizerState;
import java.io.Serializable;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction2;

/**
 * The task of one round of periodic averaging ({@link LocalSgd}) on a partition's cached block:
 * from the broadcast weights (and, for {@link LocalSgd.LocalState#AVERAGE}, the broadcast
 * optimizer state; else fresh state), {@code rates.length} local steps, each the block's examples
 * of that global step through {@link BlockWorker}, its gradient divided once by their weight sum,
 * the L2 penalty's gradient added and the optimizer applied at that step's rate, as
 * {@link SparkTrainer#apply} does a synchronous step. Everything it starts from comes from the
 * driver, so a retried task computes the same bits. Captures only the network, the optimizer (a
 * record of numbers), a few numbers and broadcast handles, like {@link StepFunction}.
 */
final class RoundFunction extends AbstractFunction2<TaskContext, Iterator<ExampleBlock>,
    RoundResult> implements Serializable {
  private static final long serialVersionUID = 1L;
  private final Broadcast<float[]> weights;
  private final Broadcast<float[][]> slots;
  private final long taken;
  private final Network net;
  private final Optimizer optimizer;
  private final float[] rates;
  private final long seed;
  private final int epoch;
  private final int step;
  private final int batch;
  private final long count;

  /**
   * @param slots the state to start from ({@code null}: fresh state), its step count
   *     {@code taken}
   * @param rates the learning rate of each local step, as the driver's schedule gives it
   */
  RoundFunction(Broadcast<float[]> weights, Broadcast<float[][]> slots, long taken, Network net,
      Optimizer optimizer, float[] rates, long seed, int epoch, int step, int batch, long count) {
    this.weights = weights;
    this.slots = slots;
    this.taken = taken;
    this.net = net;
    this.optimizer = optimizer;
    this.rates = rates;
    this.seed = seed;
    this.epoch = epoch;
    this.step = step;
    this.batch = batch;
    this.count = count;
  }

  @Override
  public RoundResult apply(TaskContext task, Iterator<ExampleBlock> blocks) {
    ExampleBlock block = StepFunction.onlyBlock(blocks);
    if (block == null) {
      return RoundResult.empty();
    }
    long stepsPerEpoch = (count + batch - 1) / batch;
    BlockWorker worker = BlockWorker.of(block, net);
    // Copies: the broadcast values are shared by the executor's tasks (and, in local mode, are
    // the driver's own arrays).
    float[] w = weights.value().clone();
    OptimizerState state = slots == null ? optimizer.newState(w.length)
        : new OptimizerState(taken, copy(slots.value()));
    double[] losses = new double[rates.length];
    long n = 0;
    double weightSum = 0;
    long correct = 0;
    int took = 0;
    long nanos = 0;
    for (int i = 0; i < rates.length; i++) {
      FaultInjection.beforeStep(epoch * stepsPerEpoch + step + i);
      long t0 = System.nanoTime();
      StepResult r = worker.step(w, seed, epoch, step + i, batch, count);
      if (r.count() == 0) {
        continue;
      }
      float[] g = r.gradient();
      // As CheckedMean divides the summed gradient once by the batch's weight sum; here the
      // share's.
      float d = r.weight() > 0 ? (float) r.weight() : 1f;
      float largest = 0f;
      for (int j = 0; j < g.length; j++) {
        float v = g[j] / d;
        g[j] = v;
        largest = Math.max(largest, Math.abs(v));
      }
      double penalty = net.hasPenalty() ? Penalty.value(net, w) : 0;
      double stepLoss = r.loss() + penalty * r.count();
      if (!(largest <= Float.MAX_VALUE) || !Double.isFinite(stepLoss)) {
        return new RoundResult(g, null, losses, 0, 0, 0, took, nanos, step + i, stepLoss,
            firstNonFinite(g));
      }
      Penalty.addGradient(net, w, g, 0, g.length);
      state.advance();
      optimizer.withLearningRate(rates[i]).prepare(w, g, state, net.tensors()).apply(0,
          g.length);
      boolean weighted = r.weight() != r.count();
      losses[i] = weighted ? (r.loss() / (r.weight() > 0 ? r.weight() : 1) + penalty) * r.count()
          : stepLoss;
      n += r.count();
      weightSum += r.weight();
      correct += r.correct();
      took++;
      nanos += System.nanoTime() - t0;
    }
    if (took == 0) {
      return RoundResult.empty();
    }
    float[][] out = null;
    if (slots != null) {
      out = new float[state.slotCount()][];
      for (int k = 0; k < out.length; k++) {
        out[k] = state.slot(k);
      }
    }
    return new RoundResult(w, out, losses, n, weightSum, correct, took, nanos, -1, 0, -1);
  }

  private static float[][] copy(float[][] slots) {
    float[][] c = new float[slots.length][];
    for (int k = 0; k < slots.length; k++) {
      c[k] = slots[k].clone();
    }
    return c;
  }

  private static int firstNonFinite(float[] g) {
    for (int i = 0; i < g.length; i++) {
      if (!Float.isFinite(g[i])) {
        return i;
      }
    }
    return -1;
  }
}
