package dev.neuron.eval;

import dev.neuron.data.ExampleBlock;
import dev.neuron.nn.Kernels;
import dev.neuron.nn.Network;
import dev.neuron.nn.Workspace;
import dev.neuron.read.Chunk;

/**
 * Scores examples in chunks through the training forward kernel (one {@code sgemm} per layer per
 * chunk) and adds each example to a {@link Metrics}. Memory is one workspace, whatever the data
 * size. Serves the end-of-training test evaluation ({@link ExampleBlock}s) and the scoring jobs
 * ({@link Chunk}s) alike.
 */
public final class BlockScorer {
  static final int CHUNK = Chunk.DEFAULT_CAPACITY;
  private final Network net;
  private final float[] params;
  private final Workspace ws;
  private final float[] y1;
  private final float[] t1;
  private final float[] d1;
  private final int[] labels = new int[CHUNK];

  public BlockScorer(Network net, float[] params) {
    this.net = net;
    this.params = params;
    this.ws = new Workspace(net, CHUNK);
    this.y1 = new float[net.outputSize()];
    this.t1 = new float[net.outputSize()];
    this.d1 = new float[net.outputSize()];
  }

  /** Adds every example of {@code block} to {@code metrics}; its targets are one-hot. */
  public void score(ExampleBlock block, Metrics metrics) {
    int out = net.outputSize();
    for (int c0 = 0; c0 < block.rows(); c0 += CHUNK) {
      int cols = Math.min(CHUNK, block.rows() - c0);
      for (int j = 0; j < cols; j++) {
        labels[j] = Kernels.predictedClass(block.y(), out, c0 + j);
      }
      add(forward(block.x(), c0 * net.inputSize(), cols), labels, block.weights(), c0, cols,
          metrics);
    }
  }

  /** Adds every example of {@code block} to {@code metrics}; its targets are real values. */
  public void score(ExampleBlock block, RegressionMetrics metrics) {
    int out = net.outputSize();
    for (int c0 = 0; c0 < block.rows(); c0 += CHUNK) {
      int cols = Math.min(CHUNK, block.rows() - c0);
      float[] y = forward(block.x(), c0 * net.inputSize(), cols);
      for (int j = 0; j < cols; j++) {
        System.arraycopy(y, j * out, y1, 0, out);
        System.arraycopy(block.y(), (c0 + j) * out, t1, 0, out);
        double loss = net.loss().lossAndDelta(net.outputActivation(), y1, t1, d1, out, 1,
            net.huberDelta());
        if (block.weights() == null) {
          metrics.add(y1, t1, 0, loss);
        } else {
          metrics.add(y1, t1, 0, loss, block.weights()[c0 + j]);
        }
      }
    }
  }

  /** Adds the chunk's labelled examples to {@code metrics}. */
  public void score(Chunk chunk, Metrics metrics) {
    for (int c0 = 0; c0 < chunk.cols(); c0 += CHUNK) {
      int cols = Math.min(CHUNK, chunk.cols() - c0);
      System.arraycopy(chunk.labels(), c0, labels, 0, cols);
      add(forward(chunk.x(), c0 * net.inputSize(), cols), labels, null, 0, cols, metrics);
    }
  }

  /**
   * The network's outputs for {@code cols ≤ }{@value #CHUNK} examples from {@code x[xOff…]}:
   * {@code outputSize × cols}, column-major, valid until the next call.
   */
  public float[] forward(float[] x, int xOff, int cols) {
    Kernels.forward(net, params, x, xOff, cols, ws);
    return ws.output();
  }

  /** {@code weights[at + j]} is column j's weight; {@code weights} null: unweighted. */
  private void add(float[] y, int[] truth, float[] weights, int at, int cols, Metrics metrics) {
    int out = net.outputSize();
    for (int j = 0; j < cols; j++) {
      System.arraycopy(y, j * out, y1, 0, out);
      java.util.Arrays.fill(t1, 0f);
      t1[out == 1 ? 0 : truth[j]] = out == 1 ? truth[j] : 1f;
      double loss = net.loss().lossAndDelta(net.outputActivation(), y1, t1, d1, out, 1,
          net.huberDelta());
      int predicted = Kernels.predictedClass(y1, out, 0);
      int rank = out == 1 ? (predicted == truth[j] ? 0 : 1) : rank(y1, truth[j]);
      if (weights == null) {
        metrics.add(truth[j], predicted, loss, rank < metrics.k());
      } else {
        metrics.add(truth[j], predicted, loss, rank < metrics.k(), weights[at + j]);
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
