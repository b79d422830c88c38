package dev.neuron.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Network#withInputs}: the configuration's network, checked on one input, on the data's. */
class NetworkWithInputsTest {
  @Test
  void isTheNetworkTheBuilderMakesOnThoseInputs() {
    Network one = Network.input(1).loss(Loss.HUBER).huberDelta(0.5f)
        .dense(16, Activation.TANH).l2(0.01f).dropout(0.2f).dense(3, Activation.LINEAR).build();
    Network wide = Network.input(784).loss(Loss.HUBER).huberDelta(0.5f)
        .dense(16, Activation.TANH).l2(0.01f).dropout(0.2f).dense(3, Activation.LINEAR).build();
    assertEquals(wide, one.withInputs(784));
    assertEquals(wide.describe(), one.withInputs(784).describe());
    // The same initial weights: the offsets and fan-ins follow the new width.
    assertEquals(java.util.Arrays.toString(wide.initialParameters(Initializer.GLOROT_UNIFORM,
        new SplittableRandom(1))), java.util.Arrays.toString(one.withInputs(784)
        .initialParameters(Initializer.GLOROT_UNIFORM, new SplittableRandom(1))));
    assertEquals(1, one.inputSize());
    assertThrows(IllegalArgumentException.class, () -> one.withInputs(0));
  }
}
