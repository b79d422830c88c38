package dev.neuron.train;

import dev.neuron.data.ExampleBlock;
import dev.neuron.nn.Kernels;
import dev.neuron.nn.Network;
import dev.neuron.nn.Workspace;
import java.util.Arrays;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Executor-side state of one cached block: its workspace, gradient buffer and the current epoch's
 * order, kept beside the block for as long as Spark keeps the block cached, so a step allocates
 * nothing. The step's examples are gathered in epoch order into the workspace and processed in
 * chunks of at most {@link #CHUNK} columns, one {@code sgemm} per layer and pass.
 */
public final class BlockWorker {
  static final int CHUNK = 1024;
  /**
   * Each cached block's scratch, for as long as the block lives. A value must not refer to its
   * key (a {@link WeakHashMap} then never lets the entry go, and every released training set's
   * blocks would stay in the executor's memory), so the block is handed to each worker instead.
   */
  private static final Map<ExampleBlock, Scratch> SCRATCH = new WeakHashMap<>();

  private final ExampleBlock block;
  private final Scratch s;

  private BlockWorker(ExampleBlock block, Scratch s) {
    this.block = block;
    this.s = s;
  }

  public static BlockWorker of(ExampleBlock block, Network net) {
    synchronized (SCRATCH) {
      Scratch s = SCRATCH.get(block);
      if (s == null || !s.net.equals(net)) {
        s = new Scratch(net, block.rows());
        SCRATCH.put(block, s);
      }
      return new BlockWorker(block, s);
    }
  }

  /** A block's workspace, gradient buffer and current epoch order; knows nothing of the block. */
  private static final class Scratch {
    private final Network net;
    private final Workspace ws;
    private final float[] grad;
    private long orderSeed;
    private int orderEpoch = -1;
    private int orderBatch;
    private EpochOrder.Local local;

    private Scratch(Network net, int rows) {
      this.net = net;
      this.ws = new Workspace(net, Math.min(CHUNK, Math.max(1, rows)));
      this.grad = new float[net.paramCount()];
    }
  }

  /**
   * Sums loss and gradient over this block's examples in step {@code step} of epoch
   * {@code epoch}, each example's term times its weight when the block has weights, and sums the
   * weights (in the step's order, in {@code double}: the driver divides by the batch's total).
   * The returned gradient is this worker's buffer, valid until its next step (a
   * {@link dev.neuron.train.gang.GangTree} adds its children's sums into it); the step clears it
   * first.
   */
  public StepResult step(float[] params, long seed, int epoch, int step, int batch, long n) {
    synchronized (s) {
      return step(s, params, seed, epoch, step, batch, n);
    }
  }

  private StepResult step(Scratch s, float[] params, long seed, int epoch, int step, int batch,
      long n) {
    long t0 = System.nanoTime();
    if (s.orderEpoch != epoch || s.orderSeed != seed || s.orderBatch != batch) {
      s.local = new EpochOrder(seed, epoch, n).local(block.start(), block.rows(), batch);
      s.orderEpoch = epoch;
      s.orderSeed = seed;
      s.orderBatch = batch;
    }
    int from = s.local.from(step);
    int to = s.local.to(step);
    if (from == to) {
      return StepResult.empty();
    }
    Arrays.fill(s.grad, 0f);
    double loss = 0;
    long correct = 0;
    int in = s.net.inputSize();
    int out = s.net.outputSize();
    int[] order = s.local.order();
    boolean regression = s.net.isRegression();
    long maskKey = s.net.hasDropout() ? DropoutMask.key(seed, epoch, step, batch, n) : 0;
    float[] weights = block.weights();
    float[] w = weights == null ? null : s.ws.weights();
    double weightSum = weights == null ? to - from : 0;
    for (int c0 = from; c0 < to; c0 += CHUNK) {
      int cols = Math.min(CHUNK, to - c0);
      float[] x = s.ws.input();
      float[] t = s.ws.target();
      for (int j = 0; j < cols; j++) {
        int e = order[c0 + j];
        System.arraycopy(block.x(), e * in, x, j * in, in);
        System.arraycopy(block.y(), e * out, t, j * out, out);
        if (w != null) {
          w[j] = weights[e];
          weightSum += weights[e];
        }
      }
      if (maskKey != 0) {
        DropoutMask.draw(s.net, s.ws, maskKey, block.start(), order, c0, cols);
      }
      Kernels.forwardTraining(s.net, params, x, 0, cols, s.ws);
      if (!regression) {
        correct += Kernels.countCorrect(s.ws.output(), t, out, cols);
      }
      loss += Kernels.backward(s.net, params, x, 0, t, w, cols, s.ws, s.grad);
    }
    return new StepResult(s.grad, loss, to - from, weightSum, correct, System.nanoTime() - t0);
  }
}
