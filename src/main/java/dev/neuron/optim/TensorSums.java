package dev.neuron.optim;

import java.util.stream.IntStream;

/**
 * Per-tensor sums for the trust ratios, in an order that does not depend on threads: each tensor
 * is cut into blocks of {@link #BLOCK} elements from its start, the blocks are summed in parallel
 * (each by the caller's loop), and each tensor's block sums are added in block order. So a norm
 * has the same bits on any number of cores, and whatever ranges the element-wise pass is split
 * into.
 */
final class TensorSums {
  static final int BLOCK = 1 << 14;

  private TensorSums() {}

  /** The sum over one block {@code [from, to)} of a tensor, in double. */
  @FunctionalInterface
  interface BlockSum {
    double of(int from, int to);
  }

  /** {@code sum} over each tensor's blocks, added per tensor in block order. */
  static double[] perTensor(Tensors t, BlockSum sum) {
    int blocks = 0;
    for (int k = 0; k < t.count(); k++) {
      blocks += blocksOf(t, k);
    }
    int[] tensor = new int[blocks];
    int[] start = new int[blocks];
    int b = 0;
    for (int k = 0; k < t.count(); k++) {
      for (int j = 0; j < blocksOf(t, k); j++, b++) {
        tensor[b] = k;
        start[b] = t.from(k) + j * BLOCK;
      }
    }
    double[] partial = new double[blocks];
    IntStream.range(0, blocks).parallel().forEach(i ->
        partial[i] = sum.of(start[i], Math.min(t.to(tensor[i]), start[i] + BLOCK)));
    double[] total = new double[t.count()];
    for (int i = 0; i < blocks; i++) {
      total[tensor[i]] += partial[i];
    }
    return total;
  }

  private static int blocksOf(Tensors t, int k) {
    return (t.to(k) - t.from(k) + BLOCK - 1) / BLOCK;
  }

  /** Σ a[i]² over {@code [from, to)} in double, four running sums in a fixed pattern. */
  static double squares(float[] a, int from, int to) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = from;
    for (; i + 3 < to; i += 4) {
      double x0 = a[i];
      double x1 = a[i + 1];
      double x2 = a[i + 2];
      double x3 = a[i + 3];
      s0 += x0 * x0;
      s1 += x1 * x1;
      s2 += x2 * x2;
      s3 += x3 * x3;
    }
    for (; i < to; i++) {
      double x = a[i];
      s0 += x * x;
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** Each tensor's Euclidean norm of {@code a}. */
  static double[] norms(float[] a, Tensors t) {
    double[] s = perTensor(t, (from, to) -> squares(a, from, to));
    for (int k = 0; k < s.length; k++) {
      s[k] = Math.sqrt(s[k]);
    }
    return s;
  }

  /**
   * A trust ratio, {@code value}, with the fallback of the papers' reference implementations
   * (TensorFlow's LARS and LAMB): 1 where the weights' or the gradient's (update's) norm is zero,
   * such as a bias still at its initial zero, so that tensor takes the plain step.
   */
  static double ratio(double weightNorm, double gradientNorm, double value) {
    return weightNorm > 0 && gradientNorm > 0 ? value : 1;
  }

  /**
   * {@code [from, to)} of the element-wise pass, tensor by tensor: {@code piece} runs on each
   * tensor's part of the range with that tensor's index.
   */
  static void forEachPiece(Tensors t, int from, int to, Piece piece) {
    for (int k = from < to ? t.tensorOf(from) : t.count(); k < t.count() && t.from(k) < to; k++) {
      int a = Math.max(from, t.from(k));
      int b = Math.min(to, t.to(k));
      if (a < b) {
        piece.run(k, a, b);
      }
    }
  }

  /** One tensor's part of an element-wise range. */
  @FunctionalInterface
  interface Piece {
    void run(int tensor, int from, int to);
  }
}
