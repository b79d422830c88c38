package dev.neuron.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.neuron.nn.Activation;
import dev.neuron.nn.Initializer;
import dev.neuron.nn.Loss;
import dev.neuron.nn.Network;
import dev.neuron.optim.Adam;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A step whose mean gradient or loss is not finite changes nothing: weights, optimizer moments,
 * the optimizer's step count, the position and the epoch's sums stay as they were before it, so
 * a caught {@link DivergenceException} leaves a state that can be checkpointed or continued.
 */
class DivergedStepTest {
  private static final Network NET = Network.input(30).dense(40, Activation.RELU)
      .dense(4, Activation.SOFTMAX).loss(Loss.CATEGORICAL_CROSSENTROPY).build();
  private static final TrainOptions OPT =
      new TrainOptions(1, 8, Adam.defaults(), Initializer.GLOROT_UNIFORM, 3L);

  @Test
  void aNonFiniteGradientInTheLastChunkLeavesTheStateUntouched() {
    float[] g = gradient();
    g[g.length - 1] = Float.NaN; // every other chunk of the pass is finite
    assertUntouchedBy(new StepResult(g, 5.0, 8, 3, 0));
  }

  @Test
  void aNonFiniteLossLeavesTheStateUntouched() {
    assertUntouchedBy(new StepResult(gradient(), Double.POSITIVE_INFINITY, 8, 3, 0));
  }

  private static void assertUntouchedBy(StepResult bad) {
    TrainingState state = SparkTrainer.initialState(NET, OPT);
    float[] grad = new float[NET.paramCount()];
    SparkTrainer.apply(NET, OPT, state, List.of(new StepResult(gradient(), 4.0, 8, 2, 0)), grad,
        10, 0);
    float[] params = state.params().clone();
    float[] m = state.optimizer().slot(0).clone();
    float[] v = state.optimizer().slot(1).clone();
    long steps = state.optimizer().steps();
    assertThrows(DivergenceException.class,
        () -> SparkTrainer.apply(NET, OPT, state, List.of(bad), grad, 10, 0));
    assertArrayEquals(params, state.params(), "weights");
    assertArrayEquals(m, state.optimizer().slot(0), "first moments");
    assertArrayEquals(v, state.optimizer().slot(1), "second moments");
    assertEquals(steps, state.optimizer().steps(), "optimizer steps");
    assertEquals(1, state.step(), "position");
    assertEquals(4.0, state.epochLoss(), "epoch loss");
    assertEquals(8, state.epochCount(), "epoch count");
  }

  private static float[] gradient() {
    SplittableRandom rnd = new SplittableRandom(9);
    float[] g = new float[NET.paramCount()];
    for (int i = 0; i < g.length; i++) {
      g[i] = (float) rnd.nextDouble(-1, 1);
    }
    return g;
  }
}
