package dev.neuron.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Back-propagation against central differences, for every hidden activation and every valid
 * (output activation, loss) pair, unweighted and with example weights (one of them 0): the
 * gradient of {@code Σ_c w_c·L_c}. Float32 forward passes limit the finite differences to about
 * 1e-4, so the check is a relative error over the whole gradient plus a per-element bound.
 */
class GradientCheckTest {
  private static final int IN = 5;
  private static final int HIDDEN = 6;
  private static final int OUT = 3;
  private static final int COLS = 4;
  private static final float[] WEIGHTS = {0.5f, 2f, 0f, 1.25f};

  static List<Object[]> cases() {
    Object[][] outputs = {
        {Activation.SOFTMAX, Loss.CATEGORICAL_CROSSENTROPY},
        {Activation.SIGMOID, Loss.CATEGORICAL_CROSSENTROPY},
        {Activation.SIGMOID, Loss.BINARY_CROSSENTROPY},
        {Activation.SOFTMAX, Loss.BINARY_CROSSENTROPY},
        {Activation.LINEAR, Loss.MEAN_SQUARED_ERROR},
        {Activation.RELU, Loss.MEAN_SQUARED_ERROR},
        {Activation.TANH, Loss.MEAN_SQUARED_ERROR},
        {Activation.SIGMOID, Loss.MEAN_SQUARED_ERROR},
        {Activation.SOFTMAX, Loss.MEAN_SQUARED_ERROR},
        {Activation.LINEAR, Loss.MEAN_ABSOLUTE_ERROR},
        {Activation.TANH, Loss.MEAN_ABSOLUTE_ERROR},
        {Activation.LINEAR, Loss.HUBER},
        {Activation.SIGMOID, Loss.HUBER},
    };
    List<Object[]> cases = new ArrayList<>();
    for (Activation hidden : Activation.values()) {
      for (Object[] o : outputs) {
        cases.add(new Object[] {hidden, o[0], o[1], false});
        cases.add(new Object[] {hidden, o[0], o[1], true});
      }
    }
    return cases;
  }

  @ParameterizedTest(name = "hidden {0}, output {1}, {2}, weighted {3}")
  @MethodSource("cases")
  void backpropagationMatchesCentralDifferences(Activation hidden, Activation out, Loss loss,
      boolean weighted) {
    float[] w = weighted ? WEIGHTS : null;
    // δ = 0.3 against targets in [−1.5, 1.5): both of Huber's pieces occur.
    Network net = Network.input(IN).dense(HIDDEN, hidden).dense(OUT, out).loss(loss)
        .huberDelta(0.3f).build();
    SplittableRandom rnd = new SplittableRandom(42);
    float[] p = parameters(net, rnd);
    float[] x = inputs(IN * COLS, rnd);
    float[] t = targets(loss, rnd);
    Workspace ws = new Workspace(net, COLS);
    float[] g = new float[net.paramCount()];
    Kernels.forward(net, p, x, 0, COLS, ws);
    Kernels.backward(net, p, x, 0, t, w, COLS, ws, g);
    assertCentralDifferences(net, p, g, () -> loss(net, p, x, t, w, ws),
        () -> kinkMask(net, ws, t));
  }

  /** Glorot-uniform weights and small random biases, so no unit starts exactly at a kink. */
  static float[] parameters(Network net, SplittableRandom rnd) {
    float[] p = net.initialParameters(Initializer.GLOROT_UNIFORM, rnd);
    for (int l = 0; l < net.layers(); l++) {
      for (int i = 0; i < net.units(l); i++) {
        p[net.biasOffset(l) + i] = (float) (rnd.nextDouble() - 0.5) * 0.2f;
      }
    }
    return p;
  }

  /** {@code n} inputs uniform in [−1, 1). */
  static float[] inputs(int n, SplittableRandom rnd) {
    float[] x = new float[n];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    return x;
  }

  /**
   * Checks the analytic gradient {@code g} against central differences of {@code objective}
   * (evaluated at {@code p}, which is perturbed in place and restored), skipping parameters whose
   * perturbation changes {@code kinks} (a ReLU or |y − t| switching inside [−h, h]: no derivative
   * to compare with).
   */
  static void assertCentralDifferences(Network net, float[] p, float[] g,
      DoubleSupplier objective, IntSupplier kinks) {
    float h = 1e-2f;
    double diff = 0;
    double norm = 0;
    int skipped = 0;
    for (int i = 0; i < p.length; i++) {
      float saved = p[i];
      p[i] = saved + h;
      double up = objective.getAsDouble();
      int upMask = kinks.getAsInt();
      p[i] = saved - h;
      double down = objective.getAsDouble();
      p[i] = saved;
      if (kinks.getAsInt() != upMask) {
        skipped++;
        continue;
      }
      double numeric = (up - down) / (2 * h);
      diff += (numeric - g[i]) * (numeric - g[i]);
      norm += numeric * numeric + (double) g[i] * g[i];
      assertTrue(Math.abs(numeric - g[i]) <= 2e-3 + 2e-2 * Math.abs(numeric),
          "parameter " + i + " (layer " + net.layerOf(i) + "): backprop " + g[i]
              + ", central difference " + numeric);
    }
    assertTrue(skipped < p.length / 10, skipped + " of " + p.length
        + " parameters straddle a kink");
    double relative = Math.sqrt(diff) / Math.sqrt(norm);
    assertTrue(relative < 1e-2, "relative error " + relative);
  }

  private static float[] targets(Loss loss, SplittableRandom rnd) {
    float[] t = new float[OUT * COLS];
    for (int c = 0; c < COLS; c++) {
      switch (loss) {
        case CATEGORICAL_CROSSENTROPY -> t[c * OUT + rnd.nextInt(OUT)] = 1f;
        case BINARY_CROSSENTROPY -> {
          for (int i = 0; i < OUT; i++) {
            t[c * OUT + i] = rnd.nextBoolean() ? 1f : 0f;
          }
        }
        case MEAN_SQUARED_ERROR -> {
          for (int i = 0; i < OUT; i++) {
            t[c * OUT + i] = (float) rnd.nextDouble();
          }
        }
        case MEAN_ABSOLUTE_ERROR, HUBER -> {
          for (int i = 0; i < OUT; i++) {
            t[c * OUT + i] = (float) (rnd.nextDouble() * 3 - 1.5);
          }
        }
      }
    }
    return t;
  }

  /**
   * A hash of which ReLU units are active and, for the absolute error, of the errors' signs, to
   * spot perturbations that cross a kink.
   */
  static int kinkMask(Network net, Workspace ws, float[] t) {
    int h = 1;
    if (net.loss() == Loss.MEAN_ABSOLUTE_ERROR) {
      for (int i = 0; i < t.length; i++) {
        h = 31 * h + (ws.output()[i] > t[i] ? 1 : 0);
      }
    }
    for (int l = 0; l < net.layers(); l++) {
      if (net.activation(l) == Activation.RELU) {
        for (int i = 0; i < net.units(l) * ws.capacity(); i++) {
          h = 31 * h + (ws.act[l][i] > 0 ? 1 : 0);
        }
      }
    }
    return h;
  }

  private static double loss(Network net, float[] p, float[] x, float[] t, float[] w,
      Workspace ws) {
    Kernels.forward(net, p, x, 0, COLS, ws);
    float[] d = new float[OUT * COLS];
    return net.loss().lossAndDelta(net.outputActivation(), ws.output().clone(), t, w, d, OUT,
        COLS, net.huberDelta());
  }
}
