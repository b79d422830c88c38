package dev.neuron.io;

import dev.neuron.nn.Network;
import dev.neuron.train.TrainingState;
import java.util.Map;

/**
 * A training run frozen between two steps: the network, the settings that decide its bits (the
 * fingerprint, e.g. {@code train.seed → 1}), the optimizer's name and the full training state. A
 * run resumes from it only under the same network and fingerprint.
 */
public record Checkpoint(Network network, Map<String, String> fingerprint, String optimizer,
    TrainingState state) {
  public Checkpoint {
    if (state.params().length != network.paramCount()) {
      throw new IllegalArgumentException("network " + network.describe() + " has "
          + network.paramCount() + " parameters, found " + state.params().length);
    }
    fingerprint = Map.copyOf(fingerprint);
  }
}
