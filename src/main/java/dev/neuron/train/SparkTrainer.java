package dev.neuron.train;

import dev.neuron.nn.Network;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The driver loop of synchronous minibatch training, one Spark job per step:
 *
 * <pre>
 *   broadcast w → each partition: Σ_{its examples in the step} ∇loss → collect (partition order)
 *   → g = Σ / (true example count) → optimizer.step(w, g) → destroy the broadcast
 * </pre>
 *
 * Results are added in partition order, never in task-completion order, so a run is bit-for-bit
 * reproducible from its seed for a given partitioning.
 */
public final class SparkTrainer {
  private final JavaSparkContext jsc;

  public SparkTrainer(JavaSparkContext jsc) {
    this.jsc = jsc;
  }

  /** Fresh state: weights from the initializer, zeroed optimizer state, epoch 0. */
  public static TrainingState initialState(Network net, TrainOptions opt) {
    float[] params = net.initialParameters(opt.initializer(),
        new SplittableRandom(Seeds.derive(opt.seed(), Seeds.Purpose.INIT, 0)));
    return new TrainingState(params, opt.optimizer().newState(params.length), 0, 0, 0, 0, 0, 0,
        List.of());
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
    int steps = (int) ((data.count() + batch - 1) / batch);
    float[] grad = new float[net.paramCount()];
    while (state.epoch < opt.epochs()) {
      long epochStart = System.nanoTime() - (long) (state.epochSeconds * 1e9);
      while (state.step < steps) {
        long t0 = System.nanoTime();
        jsc.setJobDescription("epoch " + (state.epoch + 1) + " step " + (state.step + 1) + "/"
            + steps);
        Broadcast<float[]> bc = jsc.broadcast(state.params);
        List<StepResult> parts = data.blocks().mapPartitions(
            new StepFunction(bc, net, opt.seed(), state.epoch, state.step, batch, data.count()))
            .collect();
        bc.destroy();
        StepStats stats = apply(net, opt, state, parts, grad, steps, t0);
        state.epochSeconds = (System.nanoTime() - epochStart) / 1e9;
        listener.onStep(stats);
        checkpointer.afterStep(state, state.step == steps);
      }
      double seconds = (System.nanoTime() - epochStart) / 1e9;
      state.history.add(new EpochStats(state.epoch + 1, state.epochLoss / state.epochCount,
          (double) state.epochCorrect / state.epochCount, seconds, state.epochCount / seconds));
      listener.onEpoch(state.history.get(state.history.size() - 1), opt.epochs());
      state.epoch++;
      state.step = 0;
      state.epochLoss = 0;
      state.epochCorrect = 0;
      state.epochCount = 0;
      state.epochSeconds = 0;
      checkpointer.afterEpoch(state);
      if (listener.stopRequested()) {
        break;
      }
    }
    return state;
  }

  /** Sums the partitions' results in partition order, divides once, and takes the step. */
  private static StepStats apply(Network net, TrainOptions opt, TrainingState state,
      List<StepResult> parts, float[] grad, int steps, long t0) {
    long count = 0;
    long correct = 0;
    double loss = 0;
    long compute = 0;
    for (StepResult r : parts) {
      if (r.count() == 0) {
        continue;
      }
      if (count == 0) {
        System.arraycopy(r.gradient(), 0, grad, 0, grad.length);
      } else {
        float[] g = r.gradient();
        for (int i = 0; i < grad.length; i++) {
          grad[i] += g[i];
        }
      }
      count += r.count();
      correct += r.correct();
      loss += r.loss();
      compute = Math.max(compute, r.nanos());
    }
    String where = "epoch " + (state.epoch + 1) + ", step " + (state.step + 1);
    if (count == 0) {
      throw new IllegalStateException(where + ": no partition returned an example");
    }
    for (int i = 0; i < grad.length; i++) {
      grad[i] /= count;
    }
    Divergence.check(net, where, loss, grad);
    opt.optimizer().step(state.params, grad, state.optimizer);
    state.epochLoss += loss;
    state.epochCorrect += correct;
    state.epochCount += count;
    state.step++;
    return new StepStats(state.epoch + 1, state.step, steps, loss / count, count,
        System.nanoTime() - t0, compute);
  }
}
