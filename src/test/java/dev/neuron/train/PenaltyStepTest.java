package dev.neuron.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.neuron.nn.Activation;
import dev.neuron.nn.Initializer;
import dev.neuron.nn.Loss;
import dev.neuron.nn.Network;
import dev.neuron.optim.Sgd;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One driver step with L2 kernel penalties, worked out by hand: the update sees the mean gradient
 * plus {@code 2λW} (kernels only), and the reported loss is the mean loss plus {@code λΣW²}, as
 * Keras reports a regularized model's loss.
 */
class PenaltyStepTest {
  @Test
  void oneSgdStepWithL2() {
    // 2 → 1 linear, λ = 0.25: W = [0.5, −1], b = [2].
    Network net = Network.input(2).dense(1, Activation.LINEAR).l2(0.25f)
        .loss(Loss.MEAN_SQUARED_ERROR).build();
    TrainOptions opt = new TrainOptions(1, 4, Sgd.plain(0.1f), Initializer.ZEROS, 1);
    float[] w = {0.5f, -1f, 2f};
    TrainingState state = TrainingState.fresh(w, opt.optimizer().newState(3));
    // Two partitions' sums over 3 + 1 examples: gradient sums [1, 2, 4], loss sum 6.
    List<StepResult> parts = List.of(new StepResult(new float[] {1, 1.5f, 3}, 4.5, 3, 0, 0),
        new StepResult(new float[] {0, 0.5f, 1}, 1.5, 1, 0, 0));
    StepStats stats = SparkTrainer.apply(net, opt, state, parts, new float[3], 1, 0);

    // Mean gradient [0.25, 0.5, 1]; penalty gradient 2·0.25·W = [0.25, −0.5] on the kernel only.
    // w ← w − 0.1·g: [0.5 − 0.1·0.5, −1 − 0.1·0, 2 − 0.1·1].
    assertArrayEquals(new float[] {0.5f - 0.1f * 0.5f, -1f, 2f - 0.1f * 1f}, state.params());
    // Loss: 6 / 4 = 1.5 plus 0.25·(0.25 + 1) = 0.3125, with the weights the step started from.
    assertEquals(1.8125, stats.loss());
    assertEquals(1.8125 * 4, state.epochLoss());
  }
}
