package dev.neuron.cli;

import dev.neuron.nn.Activation;
import dev.neuron.nn.Loss;
import dev.neuron.nn.Network;

/**
 * The network keys of a training configuration: {@code model.layers}
 * ({@code units:activation[:option=value…]}, comma-separated; options: {@link LayerOptions}),
 * {@code model.loss} and {@code model.huber_delta}. The input width comes from the data, so the
 * network is checked here on one input and built on the data's width later
 * ({@link Network#withInputs}).
 */
final class ModelKeys {
  private ModelKeys() {}

  /** The configured network on one input; an unusable key is a {@link ConfigException}. */
  static Network network(ConfigValues v) {
    String layers = v.text("model.layers");
    try {
      Network.Builder b = Network.input(1).loss(Loss.fromKey(v.text("model.loss")))
          .huberDelta((float) v.number("model.huber_delta"));
      for (String layer : layers.split(",")) {
        String[] parts = layer.trim().split(":");
        if (parts.length < 2) {
          throw new ConfigException("model.layers: expected units:activation[:option=value…],"
              + " found '" + layer + "' in '" + layers + "'");
        }
        int units;
        try {
          units = Integer.parseInt(parts[0].trim());
        } catch (NumberFormatException e) {
          throw new ConfigException("model.layers: expected a number of units, found '"
              + parts[0] + "'");
        }
        b.dense(units, Activation.fromKey(parts[1]));
        LayerOptions.apply(b, parts, layer);
      }
      return b.build();
    } catch (ConfigException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }
}
