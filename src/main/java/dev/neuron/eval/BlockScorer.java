package dev.neuron.eval;

import dev.neuron.data.ExampleBlock;
import dev.neuron.nn.Kernels;
import dev.neuron.nn.Network;
import dev.neuron.nn.Workspace;

/**
 * Scores blocks in chunks through the training forward kernel (one {@code sgemm} per layer per
 * chunk) and adds each example to a {@link Metrics}. Memory is one workspace, whatever the data
 * size.
 */
public final class BlockScorer {
  static final int CHUNK = 512;
  private final Network net;
  private final float[] params;
  private final Workspace ws;
  private final float[] y1;
  private final float[] t1;
  private final float[] d1;

  public BlockScorer(Network net, float[] params) {
    this.net = net;
    this.params = params;
    this.ws = new Workspace(net, CHUNK);
    this.y1 = new float[net.outputSize()];
    this.t1 = new float[net.outputSize()];
    this.d1 = new float[net.outputSize()];
  }

  /** Adds every example of {@code block} to {@code metrics}. */
  public void score(ExampleBlock block, Metrics metrics) {
    int out = net.outputSize();
    for (int c0 = 0; c0 < block.rows(); c0 += CHUNK) {
      int cols = Math.min(CHUNK, block.rows() - c0);
      Kernels.forward(net, params, block.x(), c0 * net.inputSize(), cols, ws);
      float[] y = ws.output();
      for (int j = 0; j < cols; j++) {
        System.arraycopy(y, j * out, y1, 0, out);
        System.arraycopy(block.y(), (c0 + j) * out, t1, 0, out);
        int truth = Kernels.predictedClass(t1, out, 0);
        double loss = net.loss().lossAndDelta(net.outputActivation(), y1, t1, d1, out, 1);
        metrics.add(truth, Kernels.predictedClass(y1, out, 0), loss,
            rank(y1, truth) < metrics.k());
      }
    }
  }

  /** How many outputs score strictly higher than output {@code c}. */
  static int rank(float[] y, int c) {
    int r = 0;
    for (float v : y) {
      if (v > y[c]) {
        r++;
      }
    }
    return r;
  }
}
