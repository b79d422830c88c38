package dev.neuron.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.neuron.Fixtures;
import dev.neuron.data.ExampleBlock;
import dev.neuron.nn.Activation;
import dev.neuron.nn.Initializer;
import dev.neuron.nn.Kernels;
import dev.neuron.nn.Network;
import dev.neuron.nn.Workspace;
import dev.neuron.optim.Adam;
import dev.neuron.optim.OptimizerState;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The exported graph, run by ONNX Runtime, agrees with Neuron's forward pass on MNIST's tests. */
class OnnxExportTest {
  private static ExampleBlock test;

  @BeforeAll
  static void load() {
    var t10k = Fixtures.mnist("t10k");
    test = t10k.read(new Configuration(), 0, (int) t10k.count(), 10);
  }

  @Test
  void trainedReluSoftmaxMatchesOnAllTestImages() throws Exception {
    Network net = Network.input(784).dense(512, Activation.RELU).dense(10, Activation.SOFTMAX)
        .build();
    float[] p = trainBriefly(net);
    float[][] ours = neuron(net, p);
    float[][] theirs = onnxRuntime(OnnxExport.toBytes(net, p, "test"));
    assertParity(ours, theirs);
    int correct = 0;
    for (int j = 0; j < test.rows(); j++) {
      correct += argmax(theirs[j]) == argmax(Arrays.copyOfRange(test.y(), j * 10, j * 10 + 10))
          ? 1 : 0;
    }
    assertTrue(correct > 8500, "a briefly trained model should classify most digits, got "
        + correct);
  }

  @Test
  void everyActivationMatches() throws Exception {
    Network net = Network.input(784).dense(64, Activation.TANH).dense(32, Activation.SIGMOID)
        .dense(16, Activation.LINEAR).dense(10, Activation.SOFTMAX).build();
    float[] p = net.initialParameters(Initializer.GLOROT_UNIFORM, new SplittableRandom(7));
    for (int l = 0; l < net.layers(); l++) {
      for (int i = 0; i < net.units(l); i++) {
        p[net.biasOffset(l) + i] = 0.01f * (i % 7 - 3);
      }
    }
    assertParity(neuron(net, p), onnxRuntime(OnnxExport.toBytes(net, p, "test")));
  }

  @Test
  void linearOutputIsTheGemm() throws Exception {
    Network net = Network.input(784).dense(3, Activation.LINEAR).build();
    float[] p = net.initialParameters(Initializer.HE_NORMAL, new SplittableRandom(3));
    float[][] theirs = onnxRuntime(OnnxExport.toBytes(net, p, "test"));
    float[][] ours = neuron(net, p);
    assertParity(ours, theirs);
  }

  static void assertParity(float[][] ours, float[][] theirs) {
    assertEquals(ours.length, theirs.length);
    double maxDiff = 0;
    for (int j = 0; j < ours.length; j++) {
      assertEquals(argmax(ours[j]), argmax(theirs[j]), "argmax of test image " + j);
      for (int i = 0; i < ours[j].length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(ours[j][i] - theirs[j][i]));
      }
    }
    assertTrue(maxDiff <= 1e-5, "max abs difference " + maxDiff + " exceeds 1e-5");
    System.out.printf("ONNX parity on %d images: max abs difference %.3g%n", ours.length,
        maxDiff);
  }

  static float[][] onnxRuntime(byte[] model) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession s = env.createSession(model, new OrtSession.SessionOptions());
        OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(test.x()),
            new long[] {test.rows(), test.inputs()});
        OrtSession.Result r = s.run(Map.of(OnnxExport.INPUT, in))) {
      return (float[][]) r.get(OnnxExport.OUTPUT).orElseThrow().getValue();
    }
  }

  static float[][] neuron(Network net, float[] p) {
    Workspace ws = new Workspace(net, test.rows());
    Kernels.forward(net, p, test.x(), 0, test.rows(), ws);
    int out = net.outputSize();
    float[][] y = new float[test.rows()][];
    for (int j = 0; j < test.rows(); j++) {
      y[j] = Arrays.copyOfRange(ws.output(), j * out, (j + 1) * out);
    }
    return y;
  }

  /** 200 Adam steps of 128 MNIST training images, single-threaded, with the training kernels. */
  static float[] trainBriefly(Network net) {
    var train = Fixtures.mnist("train");
    ExampleBlock b = train.read(new Configuration(), 0, 25_600, 10);
    float[] p = net.initialParameters(Initializer.GLOROT_UNIFORM, new SplittableRandom(1));
    Adam adam = Adam.defaults();
    OptimizerState st = adam.newState(p.length);
    Workspace ws = new Workspace(net, 128);
    float[] g = new float[p.length];
    for (int s = 0; s < 200; s++) {
      Arrays.fill(g, 0f);
      System.arraycopy(b.y(), s * 128 * 10, ws.target(), 0, 128 * 10);
      Kernels.forward(net, p, b.x(), s * 128 * 784, 128, ws);
      Kernels.backward(net, p, b.x(), s * 128 * 784, ws.target(), 128, ws, g);
      for (int i = 0; i < g.length; i++) {
        g[i] /= 128;
      }
      adam.step(p, g, st);
    }
    return p;
  }

  static int argmax(float[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }
}
