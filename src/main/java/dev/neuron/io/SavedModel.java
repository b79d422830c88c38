package dev.neuron.io;

import dev.neuron.nn.Network;
import java.util.Map;

/**
 * A trained network with its weights and what produced it: the configuration it was trained with
 * (as strings, keyed like {@code conf/*.properties}).
 */
public record SavedModel(Network network, float[] params, Map<String, String> provenance) {
  public SavedModel {
    if (params.length != network.paramCount()) {
      throw new IllegalArgumentException("network " + network.describe() + " has "
          + network.paramCount() + " parameters, found " + params.length);
    }
    provenance = Map.copyOf(provenance);
  }
}
