package dev.neuron.nn;

import dev.neuron.linalg.Blas;
import dev.neuron.linalg.Op;

/**
 * Forward and backward passes of a dense network over a block of {@code cols} examples, one
 * example per column. Every matrix product is one {@code sgemm}; nothing is allocated.
 *
 * <pre>
 *   forward:  A_l = f_l(W_l · Ã_{l−1} + b_l)          Ã_{−1} = X   (fanIn × cols)
 *             Ã_l = A_l ⊙ M_l  in training with dropout after layer l, else Ã_l = A_l
 *   backward: D_L = ∂(Σ loss)/∂Z_L                    (from {@link Loss#lossAndDelta})
 *             dW_l += D_l · Ã_{l−1}ᵀ,  db_l += D_l · 1
 *             D_{l−1} = f'_{l−1} ⊙ M_{l−1} ⊙ (W_lᵀ · D_l)
 * </pre>
 *
 * The dropout masks {@code M_l} ({@code units(l) × cols}; 0 for a dropped unit, {@code 1/(1−p)}
 * for a kept one: inverted dropout) are drawn by the caller into {@link Workspace#mask} before
 * {@link #forwardTraining}, and the backward pass after it reuses them. {@link #forward}, the pass
 * of evaluation and prediction, applies none.
 *
 * Gradients are sums over the block's examples, never means: the caller divides once by the true
 * example count, so blocks of any size combine exactly.
 */
public final class Kernels {
  private Kernels() {}

  /**
   * Runs the forward pass of evaluation and prediction (no dropout); the output is left in
   * {@link Workspace#output()}.
   */
  public static void forward(Network net, float[] p, float[] x, int xOff, int cols, Workspace ws) {
    forward(net, p, x, xOff, cols, ws, false);
  }

  /**
   * Runs the forward pass of training: as {@link #forward}, with each hidden layer's output
   * multiplied by its mask in {@link Workspace#mask} where the layer has dropout.
   */
  public static void forwardTraining(Network net, float[] p, float[] x, int xOff, int cols,
      Workspace ws) {
    forward(net, p, x, xOff, cols, ws, true);
  }

  private static void forward(Network net, float[] p, float[] x, int xOff, int cols, Workspace ws,
      boolean training) {
    ws.masked = training && net.hasDropout();
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
      if (ws.masked && net.dropout(l) > 0) {
        float[] m = ws.mask[l];
        float[] kept = ws.dropped[l];
        int n = nOut * cols;
        for (int i = 0; i < n; i++) {
          kept[i] = z[i] * m[i];
        }
      }
      in = ws.layerOutput(l);
      inOff = 0;
    }
  }

  /**
   * After {@link #forwardTraining} (or {@link #forward}, without masks) on the same block: adds
   * the gradient of the summed loss to {@code g} (same layout as the parameters) and returns the
   * summed loss. Targets are read from {@code t} ({@code outputSize × cols}, offset 0).
   */
  public static double backward(Network net, float[] p, float[] x, int xOff, float[] t, int cols,
      Workspace ws, float[] g) {
    return backward(net, p, x, xOff, t, null, cols, ws, g);
  }

  /**
   * {@link #backward(Network, float[], float[], int, float[], int, Workspace, float[])} for
   * weighted examples: adds the gradient of {@code Σ_c w_c·L_c} and returns that sum; {@code w}
   * holds one weight per column ({@code null}: all 1).
   */
  public static double backward(Network net, float[] p, float[] x, int xOff, float[] t,
      float[] w, int cols, Workspace ws, float[] g) {
    int last = net.layers() - 1;
    double loss = net.loss().lossAndDelta(net.outputActivation(), ws.act[last], t, w,
        ws.delta[last], net.outputSize(), cols, net.huberDelta());
    for (int l = last; l >= 0; l--) {
      int nOut = net.units(l);
      int nIn = net.fanIn(l);
      float[] d = ws.delta[l];
      float[] in = l == 0 ? x : ws.layerOutput(l - 1);
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
        if (ws.masked && net.dropout(l - 1) > 0) {
          float[] m = ws.mask[l - 1];
          int n = nIn * cols;
          for (int i = 0; i < n; i++) {
            dIn[i] *= m[i];
          }
        }
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
