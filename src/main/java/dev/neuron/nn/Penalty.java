package dev.neuron.nn;

/**
 * The L2 kernel penalty of a network's layers, Keras' {@code kernel_regularizer=l2(λ)}:
 *
 * <pre>
 *   penalty = Σ_l λ_l · Σ_ij W_l[i,j]²          (biases are not penalized)
 *   ∂penalty/∂W_l = 2λ_l · W_l
 * </pre>
 *
 * Keras adds the penalty once per batch to the batch's mean loss, so the reported loss includes
 * it; the gradient of the mean loss gains {@code 2λW}. Applied on the driver to the mean gradient,
 * once per step, never per example or partition.
 */
public final class Penalty {
  private Penalty() {}

  /** The penalty of the weights {@code p}: {@code Σ_l λ_l·ΣW_l²}, summed in index order. */
  public static double value(Network net, float[] p) {
    double total = 0;
    for (int l = 0; l < net.layers(); l++) {
      float lambda = net.l2(l);
      if (lambda == 0f) {
        continue;
      }
      double squares = 0;
      int from = net.weightOffset(l);
      int to = net.biasOffset(l);
      for (int i = from; i < to; i++) {
        squares += (double) p[i] * p[i];
      }
      total += lambda * squares;
    }
    return total;
  }

  /**
   * Adds {@code 2λ_l·W_l} to the kernel entries of {@code g} within {@code [from, to)}. Elements
   * are independent, so disjoint ranges may run in parallel with the same bits.
   */
  public static void addGradient(Network net, float[] p, float[] g, int from, int to) {
    for (int l = 0; l < net.layers(); l++) {
      float twice = 2f * net.l2(l);
      int a = Math.max(from, net.weightOffset(l));
      int b = Math.min(to, net.biasOffset(l));
      if (twice == 0f || a >= b) {
        continue;
      }
      for (int i = a; i < b; i++) {
        g[i] += twice * p[i];
      }
    }
  }
}
