package dev.neuron.nn;

import dev.neuron.linalg.Blas;
import dev.neuron.linalg.Op;

/**
 * Forward and backward passes of a dense network over a block of {@code cols} examples, one
 * example per column. Every matrix product is one {@code sgemm}; nothing is allocated.
 *
 * <pre>
 *   forward:  A_l = f_l(W_l · A_{l−1} + b_l)          A_{−1} = X   (fanIn × cols)
 *   backward: D_L = ∂(Σ loss)/∂Z_L                    (from {@link Loss#lossAndDelta})
 *             dW_l += D_l · A_{l−1}ᵀ,  db_l += D_l · 1
 *             D_{l−1} = f'_{l−1} ⊙ (W_lᵀ · D_l)
 * </pre>
 *
 * Gradients are sums over the block's examples, never means: the caller divides once by the true
 * example count, so blocks of any size combine exactly.
 */
public final class Kernels {
  private Kernels() {}

  /** Runs the forward pass; the output is left in {@link Workspace#output()}. */
  public static void forward(Network net, float[] p, float[] x, int xOff, int cols, Workspace ws) {
    float[] in = x;
    int inOff = xOff;
    for (int l = 0; l < net.layers(); l++) {
      int nOut = net.units(l);
      int nIn = net.fanIn(l);
      float[] z = ws.act[l];
      int b = net.biasOffset(l);
      for (int c = 0; c < cols; c++) {
        System.arraycopy(p, b, z, c * nOut, nOut);
      }
      Blas.gemm(Op.N, Op.N, nOut, cols, nIn, 1f, p, net.weightOffset(l), nOut, in, inOff, nIn,
          1f, z, 0, nOut);
      net.activation(l).forward(z, nOut, cols);
      in = z;
      inOff = 0;
    }
  }

  /**
   * After {@link #forward} on the same block: adds the gradient of the summed loss to {@code g}
   * (same layout as the parameters) and returns the summed loss. Targets are read from
   * {@code t} ({@code outputSize × cols}, offset 0).
   */
  public static double backward(Network net, float[] p, float[] x, int xOff, float[] t, int cols,
      Workspace ws, float[] g) {
    int last = net.layers() - 1;
    double loss = net.loss().lossAndDelta(net.outputActivation(), ws.act[last], t, ws.delta[last],
        net.outputSize(), cols, net.huberDelta());
    for (int l = last; l >= 0; l--) {
      int nOut = net.units(l);
      int nIn = net.fanIn(l);
      float[] d = ws.delta[l];
      float[] in = l == 0 ? x : ws.act[l - 1];
      int inOff = l == 0 ? xOff : 0;
      Blas.gemm(Op.N, Op.T, nOut, nIn, cols, 1f, d, 0, nOut, in, inOff, nIn, 1f, g,
          net.weightOffset(l), nOut);
      int b = net.biasOffset(l);
      for (int c = 0; c < cols; c++) {
        int off = c * nOut;
        for (int i = 0; i < nOut; i++) {
          g[b + i] += d[off + i];
        }
      }
      if (l > 0) {
        float[] dIn = ws.delta[l - 1];
        Blas.gemm(Op.T, Op.N, nIn, cols, nOut, 1f, p, net.weightOffset(l), nOut, d, 0, nOut, 0f,
            dIn, 0, nIn);
        net.activation(l - 1).backward(ws.act[l - 1], dIn, nIn, cols);
      }
    }
    return loss;
  }

  /** The predicted class of column {@code c}: argmax, or {@code y ≥ 0.5} for a single output. */
  public static int predictedClass(float[] y, int rows, int c) {
    int off = c * rows;
    if (rows == 1) {
      return y[off] >= 0.5f ? 1 : 0;
    }
    int best = 0;
    for (int i = 1; i < rows; i++) {
      if (y[off + i] > y[off + best]) {
        best = i;
      }
    }
    return best;
  }

  /** How many of the {@code cols} columns of {@code y} predict the class of the same column of {@code t}. */
  public static int countCorrect(float[] y, float[] t, int rows, int cols) {
    int correct = 0;
    for (int c = 0; c < cols; c++) {
      if (predictedClass(y, rows, c) == predictedClass(t, rows, c)) {
        correct++;
      }
    }
    return correct;
  }
}
