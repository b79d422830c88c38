package dev.neuron.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.nn.Network;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code model.layers} options: {@code units:activation[:l2=λ][:dropout=rate]}. */
class LayerOptionsTest {
  private static TrainConfig layers(String spec) {
    return TrainConfig.load(null, Map.of("model.layers", spec));
  }

  @Test
  void optionsFollowTheActivation() {
    Network net = layers("512:relu:l2=1e-4:dropout=0.2, 256:tanh:dropout=0.5,10:softmax:l2=0.001")
        .network(784);
    assertEquals(1e-4f, net.l2(0));
    assertEquals(0.2f, net.dropout(0));
    assertEquals(0f, net.l2(1));
    assertEquals(0.5f, net.dropout(1));
    assertEquals(0.001f, net.l2(2));
    assertEquals(0f, net.dropout(2));
    assertEquals(Network.input(784).dense(512, dev.neuron.nn.Activation.RELU).build().describe(),
        layers("512:relu,10:softmax").network(784).describe().replace(" → 10 softmax", ""));
  }

  @Test
  void badOptionsNameTheLayerAndWhatIsExpected() {
    assertMessage("model.layers: unknown layer option 'l1=0.1' in '512:relu:l1=0.1'; expected"
        + " key=value with key one of l2, dropout", "512:relu:l1=0.1,10:softmax");
    assertMessage("model.layers: expected dropout=value, found 'dropout' in '512:relu:dropout'",
        "512:relu:dropout,10:softmax");
    assertMessage("model.layers: dropout of '512:relu:dropout=x': expected a number, found 'x'",
        "512:relu:dropout=x,10:softmax");
    assertMessage("model.layers: '512:relu:dropout=1': layer 0 dropout must be a number in"
        + " [0, 1), found 1.0", "512:relu:dropout=1,10:softmax");
    assertMessage("model.layers: '512:relu:l2=-1': layer 0 l2 must be zero or a positive finite"
        + " number, found -1.0", "512:relu:l2=-1,10:softmax");
    ConfigException e = assertThrows(ConfigException.class,
        () -> layers("512:relu,10:softmax:dropout=0.5"));
    assertTrue(e.getMessage().contains("dropout goes after hidden layers only"), e.getMessage());
  }

  @Test
  void theReferenceConfigurationDocumentsEveryLayerOption() throws Exception {
    String conf = java.nio.file.Files.readString(java.nio.file.Path.of(
        "conf/mnist-mlp.properties"));
    for (dev.neuron.optim.Setting s : LayerOptions.SETTINGS) {
      assertTrue(conf.contains("#   " + s.key() + "="), "conf lacks layer option " + s.key());
    }
    String example = conf.lines().filter(l -> l.startsWith("# e.g. model.layers = "))
        .findFirst().orElseThrow().substring("# e.g. model.layers = ".length());
    assertEquals(0.2f, layers(example).network(784).dropout(0));
    assertTrue(Args.USAGE.contains(example.replace(" ", "")), "--help shows the example");
  }

  private static void assertMessage(String expected, String spec) {
    assertEquals(expected, assertThrows(ConfigException.class, () -> layers(spec)).getMessage());
  }
}
