package dev.neuron.train;

import dev.neuron.nn.Network;

/** Stops a run at the first non-finite loss or gradient, naming where it appeared. */
final class Divergence {
  private Divergence() {}

  /** Throws unless {@code loss} is finite and no gradient entry is ({@code firstBad < 0}). */
  static void check(Network net, String where, double loss, float[] grad, int firstBad) {
    if (Double.isFinite(loss) && firstBad < 0) {
      return;
    }
    StringBuilder m = new StringBuilder("training diverged at ").append(where).append(": loss ")
        .append(loss);
    if (firstBad >= 0) {
      int layer = net.layerOf(firstBad);
      boolean bias = firstBad >= net.biasOffset(layer);
      m.append("; first non-finite gradient (").append(grad[firstBad]).append(") in layer ")
          .append(layer).append(" (dense ").append(net.units(layer)).append(' ')
          .append(net.activation(layer).key()).append(bias ? ", bias" : ", weights").append(')');
    }
    throw new DivergenceException(m.toString());
  }
}
