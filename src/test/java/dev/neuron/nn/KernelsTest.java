package dev.neuron.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class KernelsTest {
  @Test
  void forwardMatchesAHandComputedLayer() {
    // One layer 2 → 2 relu: W = [1 -1; 2 0.5] (column-major 1 2 -1 0.5), b = [0.5, -3].
    Network net = Network.input(2).dense(2, Activation.RELU).loss(Loss.MEAN_SQUARED_ERROR).build();
    float[] p = {1, 2, -1, 0.5f, 0.5f, -3};
    float[] x = {3, 1, -1, 2}; // columns (3,1) and (-1,2)
    Workspace ws = new Workspace(net, 2);
    Kernels.forward(net, p, x, 0, 2, ws);
    // z1 = (3-1+0.5, 6+0.5-3) = (2.5, 3.5); z2 = (-1-2+0.5, -2+1-3) = (-2.5, -4) → relu 0.
    assertArrayEquals(new float[] {2.5f, 3.5f, 0, 0}, ws.output());
  }

  @Test
  void softmaxColumnsSumToOneAndPredictArgmax() {
    float[] z = {1, 2, 3, 1000, 0, -1000};
    Activation.SOFTMAX.forward(z, 3, 2);
    assertEquals(1.0, z[0] + z[1] + z[2], 1e-6);
    assertEquals(1.0f, z[3]);
    assertEquals(2, Kernels.predictedClass(z, 3, 0));
    assertEquals(0, Kernels.predictedClass(z, 3, 1));
  }
}
