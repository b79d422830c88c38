package dev.neuron.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.neuron.Fixtures;
import dev.neuron.LocalSpark;
import dev.neuron.data.ExampleBlock;
import dev.neuron.nn.Activation;
import dev.neuron.nn.Initializer;
import dev.neuron.nn.Loss;
import dev.neuron.nn.Network;
import dev.neuron.optim.RmsProp;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Gang mode runs the same algorithm as one job per step: the same bits, even after a failure. */
@ExtendWith(LocalSpark.class)
class GangModeTest {
  private static final Network NET = Network.input(784).dense(32, Activation.RELU)
      .dense(10, Activation.SOFTMAX).loss(Loss.CATEGORICAL_CROSSENTROPY).build();
  private static final TrainOptions OPT = new TrainOptions(2, 100, RmsProp.defaults(),
      Initializer.GLOROT_UNIFORM, 5);
  private static TrainingSet data;

  @BeforeAll
  static void load() {
    ExampleBlock b = Fixtures.mnist("train").read(new Configuration(), 0, 1500, 10);
    data = TrainingSet.fromBlocks(LocalSpark.jsc(), List.of(Fixtures.split(b, 700, 800)));
  }

  @AfterAll
  static void release() {
    data.release();
  }

  private static TrainingState fit(JavaSparkContext jsc, ExecutionMode mode) {
    return new SparkTrainer(jsc).withMode(mode).fit(data, NET, OPT, TrainingListener.NONE);
  }

  @Test
  void gangAndJobModesGiveTheSameWeights(JavaSparkContext jsc) {
    TrainingState jobs = fit(jsc, ExecutionMode.JOBS);
    TrainingState gang = fit(jsc, ExecutionMode.GANG);
    assertArrayEquals(jobs.params(), gang.params());
    assertEquals(jobs.history().get(1).loss(), gang.history().get(1).loss());
  }

  @Test
  void aFailedBarrierTaskIsRetriedAndTheRunEndsWithTheSameWeights(JavaSparkContext jsc) {
    TrainingState undisturbed = fit(jsc, ExecutionMode.GANG);
    jsc.setLocalProperty(FaultInjection.FAIL_TASK, "1:20"); // partition 1, epoch 2's 6th step
    try {
      TrainingState retried = fit(jsc, ExecutionMode.GANG);
      assertArrayEquals(undisturbed.params(), retried.params());
    } finally {
      jsc.setLocalProperty(FaultInjection.FAIL_TASK, null);
    }
  }
}
