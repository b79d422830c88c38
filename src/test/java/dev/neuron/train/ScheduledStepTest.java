package dev.neuron.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.neuron.nn.Activation;
import dev.neuron.nn.Initializer;
import dev.neuron.nn.Loss;
import dev.neuron.nn.Network;
import dev.neuron.optim.Schedule;
import dev.neuron.optim.Sgd;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The driver runs each step at its scheduled rate: three SGD steps under a two-step warm-up
 * followed by a step decay, worked out by hand; and a rate reduce-on-plateau has set replaces the
 * optimizer's as the base the schedule scales.
 */
class ScheduledStepTest {
  private static final Network NET = Network.input(1).dense(1, Activation.LINEAR)
      .loss(Loss.MEAN_SQUARED_ERROR).build();

  private static float[] run(TrainOptions opt, TrainingState state, int steps) {
    for (int i = 0; i < steps; i++) {
      // A constant mean gradient of 1 for the weight and 2 for the bias.
      SparkTrainer.apply(NET, opt, state, List.of(new StepResult(new float[] {1, 2}, 0, 1, 0, 0)),
          new float[2], steps, 0);
    }
    return state.params();
  }

  private static TrainingState fresh(TrainOptions opt) {
    return TrainingState.fresh(new float[] {1, 1}, opt.optimizer().newState(2));
  }

  @Test
  void eachStepUsesItsScheduledRate() {
    TrainOptions opt = new TrainOptions(1, 1, Sgd.plain(0.4f), Initializer.ZEROS, 1)
        .withSchedule(Schedule.of("step", Map.of("warmup_steps", "2", "decay_steps", "1",
            "decay_rate", "0.5")), null);
    // Rates 0.2 (warm-up 1/2), 0.4 (2/2), 0.4 (decay step 0): w = 1 − (0.2 + 0.4 + 0.4)·g.
    float w = 1f - 0.2f * 1f;
    w -= 0.4f * 1f;
    w -= 0.4f * 1f;
    float b = 1f - 0.2f * 2f;
    b -= 0.4f * 2f;
    b -= 0.4f * 2f;
    assertArrayEquals(new float[] {w, b}, run(opt, fresh(opt), 3));
    // The fourth step runs at 0.4·0.5.
    assertEquals(0.2f, SparkTrainer.rule(opt, fresh(opt), 3).learningRate());
  }

  @Test
  void thePlateauRateIsTheBaseTheScheduleScales() {
    TrainOptions opt = new TrainOptions(1, 1, Sgd.plain(0.4f), Initializer.ZEROS, 1)
        .withSchedule(Schedule.of("none", Map.of("warmup_steps", "4")),
            ReduceLrOnPlateau.of("loss", Map.of()));
    TrainingState state = fresh(opt);
    assertEquals(0.1f, SparkTrainer.rule(opt, state, 0).learningRate());
    state.keep(new Monitoring(List.of(), null, new PlateauReducer.Progress(1, 0, 0,
        0.2f)));
    // Warm-up step 2 of 4 at the reduced base: 0.2·2/4.
    assertEquals(0.1f, SparkTrainer.rule(opt, state, 1).learningRate());
    assertEquals(0.2f, SparkTrainer.rule(opt, state, 9).learningRate());
  }
}
