package dev.neuron.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.neuron.Fixtures;
import dev.neuron.LocalSpark;
import dev.neuron.data.ExampleBlock;
import dev.neuron.data.TrainingSet;
import dev.neuron.nn.Activation;
import dev.neuron.nn.Initializer;
import dev.neuron.nn.Loss;
import dev.neuron.nn.Network;
import dev.neuron.optim.Adam;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Weighted steps: each partition returns unnormalized weighted sums and its weight sum; the driver
 * adds both in partition order and divides once by the batch's weight total (worked out by hand
 * here), and weighted training gives the same bits in jobs and gang mode. The gradient over 1, 2
 * and 3 partitions: {@link PartitionGradientTest}.
 */
@ExtendWith(LocalSpark.class)
class WeightedStepTest {
  private static final int N = 300;
  private static final Network NET = Network.input(20).dense(16, Activation.TANH)
      .dense(4, Activation.SOFTMAX).loss(Loss.CATEGORICAL_CROSSENTROPY).build();
  private static final ExampleBlock ALL = Fixtures.weighted(Fixtures.randomBlock(3, 0, N, 20, 4),
      8);

  @Test
  void theSumsAreDividedOnceByTheBatchsWeightTotal() {
    // Partition 0: Σ w·∇ = (2, 4) over 1 example of weight 0.5; partition 1: (1, −2) over 3
    // examples of weights summing to 1.5. g = (2 + 1, 4 − 2) / (0.5 + 1.5) = (1.5, 1); the loss
    // sums (0.3 + 0.9) stay sums, the count is 4 examples.
    float[] g = new float[2];
    CheckedMean s = CheckedMean.of(List.of(new StepResult(new float[] {2, 4}, 0.3, 1, 0.5, 1, 0),
        new StepResult(new float[] {1, -2}, 0.9, 3, 1.5, 2, 0)), g, "test");
    assertArrayEquals(new float[] {1.5f, 1f}, g);
    assertEquals(2.0, s.weight());
    assertEquals(4, s.count());
    assertEquals(1.2, s.loss(), 1e-12);
    // A batch whose weights are all 0 has sums of 0: a zero gradient, not 0/0.
    CheckedMean.of(List.of(new StepResult(new float[] {0, 0}, 0, 2, 0, 0, 0)), g, "test");
    assertArrayEquals(new float[] {0f, 0f}, g);
  }

  @Test
  void weightedTrainingGivesTheSameBitsInJobsAndGangMode(JavaSparkContext jsc) {
    TrainOptions opt = new TrainOptions(1, 32, Adam.defaults(), Initializer.GLOROT_UNIFORM, 5);
    float[][] params = new float[2][];
    ExecutionMode[] modes = {ExecutionMode.JOBS, ExecutionMode.GANG};
    for (int m = 0; m < 2; m++) {
      TrainingSet data = TrainingSet.fromBlocks(jsc, List.of(Fixtures.split(ALL, 140, 160)));
      try {
        params[m] = new SparkTrainer(jsc).withMode(modes[m]).fit(data, NET, opt,
            TrainingListener.NONE).params();
      } finally {
        data.release();
      }
    }
    assertArrayEquals(params[0], params[1]);
  }
}
