package dev.neuron.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.neuron.nn.Activation;
import dev.neuron.nn.Loss;
import dev.neuron.nn.Network;

/**
 * A network's topology as JSON: {@code {"input":784,"layers":[{"units":512,"activation":"relu"},…],
 * "loss":…}}; a layer with an L2 kernel penalty or dropout after it adds {@code "l2":λ} or
 * {@code "dropout":rate} (absent: 0, so files written before either existed read unchanged).
 */
final class NetworkJson {
  private NetworkJson() {}

  static ObjectNode write(Network net) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("input", net.inputSize());
    ArrayNode layers = n.putArray("layers");
    for (int l = 0; l < net.layers(); l++) {
      ObjectNode layer = layers.addObject().put("units", net.units(l))
          .put("activation", net.activation(l).key());
      if (net.l2(l) > 0) {
        layer.put(Network.L2.key(), net.l2(l));
      }
      if (net.dropout(l) > 0) {
        layer.put(Network.DROPOUT.key(), net.dropout(l));
      }
    }
    n.put("loss", net.loss().key());
    if (net.loss() == Loss.HUBER) {
      n.put("huber_delta", net.huberDelta());
    }
    return n;
  }

  static Network read(JsonNode n, String file) {
    try {
      Network.Builder b = Network.input(require(n, "input", file).asInt());
      JsonNode layers = require(n, "layers", file);
      if (!layers.isArray()) {
        throw new FormatException(file + ": network.layers: expected an array");
      }
      for (JsonNode layer : layers) {
        b.dense(require(layer, "units", file).asInt(),
            Activation.fromKey(require(layer, "activation", file).asText()));
        if (layer.has(Network.L2.key())) {
          b.l2(number(layer, Network.L2.key(), file));
        }
        if (layer.has(Network.DROPOUT.key())) {
          b.dropout(number(layer, Network.DROPOUT.key(), file));
        }
      }
      Loss loss = Loss.fromKey(require(n, "loss", file).asText());
      b.loss(loss);
      if (loss == Loss.HUBER) {
        b.huberDelta((float) require(n, "huber_delta", file).asDouble());
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new FormatException(file + ": network: " + e.getMessage(), e);
    }
  }

  private static float number(JsonNode layer, String field, String file) {
    JsonNode v = layer.get(field);
    if (!v.isNumber()) {
      throw new FormatException(file + ": network: " + field + ": expected a number, found " + v);
    }
    return (float) v.asDouble();
  }

  private static JsonNode require(JsonNode n, String field, String file) {
    JsonNode v = n == null ? null : n.get(field);
    if (v == null || v.isNull()) {
      throw new FormatException(file + ": network: missing field " + field);
    }
    return v;
  }
}
