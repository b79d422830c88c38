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
  private static final Map<ExampleBlock, BlockWorker> WORKERS = new WeakHashMap<>();

  private final ExampleBlock block;
  private final Network net;
  private final Workspace ws;
  private final float[] grad;
  private long orderSeed;
  private int orderEpoch = -1;
  private int orderBatch;
  private EpochOrder.Local local;

  private BlockWorker(ExampleBlock block, Network net) {
    this.block = block;
    this.net = net;
    this.ws = new Workspace(net, Math.min(CHUNK, Math.max(1, block.rows())));
    this.grad = new float[net.paramCount()];
  }

  public static BlockWorker of(ExampleBlock block, Network net) {
    synchronized (WORKERS) {
      BlockWorker w = WORKERS.get(block);
      if (w == null || !w.net.equals(net)) {
        w = new BlockWorker(block, net);
        WORKERS.put(block, w);
      }
      return w;
    }
  }

  /**
   * Sums loss and gradient over this block's examples in step {@code step} of epoch
   * {@code epoch}. The returned gradient is this worker's buffer, valid until its next step (a
   * {@link GangTree} adds its children's sums into it); the step clears it first.
   */
  public synchronized StepResult step(float[] params, long seed, int epoch, int step, int batch, long n) {
    long t0 = System.nanoTime();
    if (orderEpoch != epoch || orderSeed != seed || orderBatch != batch) {
      local = new EpochOrder(seed, epoch, n).local(block.start(), block.rows(), batch);
      orderEpoch = epoch;
      orderSeed = seed;
      orderBatch = batch;
    }
    int from = local.from(step);
    int to = local.to(step);
    if (from == to) {
      return StepResult.empty();
    }
    Arrays.fill(grad, 0f);
    double loss = 0;
    long correct = 0;
    int in = net.inputSize();
    int out = net.outputSize();
    int[] order = local.order();
    for (int c0 = from; c0 < to; c0 += CHUNK) {
      int cols = Math.min(CHUNK, to - c0);
      float[] x = ws.input();
      float[] t = ws.target();
      for (int j = 0; j < cols; j++) {
        int e = order[c0 + j];
        System.arraycopy(block.x(), e * in, x, j * in, in);
        System.arraycopy(block.y(), e * out, t, j * out, out);
      }
      Kernels.forward(net, params, x, 0, cols, ws);
      correct += Kernels.countCorrect(ws.output(), t, out, cols);
      loss += Kernels.backward(net, params, x, 0, t, cols, ws, grad);
    }
    return new StepResult(grad, loss, to - from, correct, System.nanoTime() - t0);
  }
}
