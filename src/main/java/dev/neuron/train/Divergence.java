package dev.neuron.train;

import dev.neuron.nn.Network;

/** Stops a run at the first non-finite loss or gradient, naming where it appeared. */
final class Divergence {
  private Divergence() {}

  static void check(Network net, String where, double loss, float[] grad) {
    int bad = -1;
    for (int i = 0; i < grad.length; i++) {
      if (!Float.isFinite(grad[i])) {
        bad = i;
        break;
      }
    }
    if (Double.isFinite(loss) && bad < 0) {
      return;
    }
    StringBuilder m = new StringBuilder("training diverged at ").append(where).append(": loss ")
        .append(loss);
    if (bad >= 0) {
      int layer = net.layerOf(bad);
      boolean bias = bad >= net.biasOffset(layer);
      m.append("; first non-finite gradient (").append(grad[bad]).append(") in layer ")
          .append(layer).append(" (dense ").append(net.units(layer)).append(' ')
          .append(net.activation(layer).key()).append(bias ? ", bias" : ", weights").append(')');
    }
    throw new DivergenceException(m.toString());
  }
}
