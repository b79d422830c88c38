package dev.neuron.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.Fixtures;
import dev.neuron.LocalSpark;
import dev.neuron.data.ExampleBlock;
import dev.neuron.nn.Activation;
import dev.neuron.nn.Initializer;
import dev.neuron.nn.Kernels;
import dev.neuron.nn.Loss;
import dev.neuron.nn.Network;
import dev.neuron.nn.Workspace;
import dev.neuron.optim.Adam;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Weighted steps: each partition returns unnormalized weighted sums and its weight sum; the driver
 * adds both in partition order and divides once by the batch's weight total. So the gradient is
 * the single-process {@code Σ w·∇L / Σ w} of the batch whatever the split (1, 2, 3 uneven
 * partitions; a quarter of the weights 0), jobs and gang mode give the same bits, and the sums
 * work out by hand.
 */
@ExtendWith(LocalSpark.class)
class WeightedStepTest {
  private static final int N = 300;
  private static final Network NET = Network.input(20).dense(16, Activation.TANH)
      .dense(4, Activation.SOFTMAX).loss(Loss.CATEGORICAL_CROSSENTROPY).build();
  private static final ExampleBlock ALL = Fixtures.weighted(Fixtures.randomBlock(3, 0, N, 20, 4),
      8);
  private static final float[] PARAMS = NET.initialParameters(Initializer.GLOROT_UNIFORM,
      new SplittableRandom(4));

  @Test
  void theSumsAreDividedOnceByTheBatchsWeightTotal() {
    // Partition 0: Σ w·∇ = (2, 4) over 1 example of weight 0.5; partition 1: (1, −2) over 3
    // examples of weights summing to 1.5. g = (2 + 1, 4 − 2) / (0.5 + 1.5) = (1.5, 1); the loss
    // sums (0.3 + 0.9) stay sums, the count is 4 examples.
    float[] g = new float[2];
    StepSum s = StepSum.of(List.of(new StepResult(new float[] {2, 4}, 0.3, 1, 0.5, 1, 0),
        new StepResult(new float[] {1, -2}, 0.9, 3, 1.5, 2, 0)), g, "test");
    assertArrayEquals(new float[] {1.5f, 1f}, g);
    assertEquals(2.0, s.weight());
    assertEquals(4, s.count());
    assertEquals(1.2, s.loss(), 1e-12);
    // A batch whose weights are all 0 has sums of 0: a zero gradient, not 0/0.
    StepSum.of(List.of(new StepResult(new float[] {0, 0}, 0, 2, 0, 0, 0)), g, "test");
    assertArrayEquals(new float[] {0f, 0f}, g);
  }

  @Test
  void sameWeightedGradientOverOneTwoAndThreePartitionsInBothModes(JavaSparkContext jsc) {
    int batch = 128;
    for (int step : new int[] {0, 2}) {
      float[] expected = singleProcessGradient(11, 1, step, batch);
      for (int[] sizes : new int[][] {{N}, {100, 200}, {1, 150, 149}}) {
        for (ExecutionMode mode : new ExecutionMode[] {ExecutionMode.JOBS, ExecutionMode.GANG}) {
          float[] actual = sparkGradient(jsc, mode, Fixtures.split(ALL, sizes), 11, 1, step,
              batch);
          String what = mode + ", step " + step + ", partitions " + Arrays.toString(sizes);
          float scale = 0;
          for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
          }
          assertTrue(scale > 0, "a zero gradient checks nothing");
          for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5f * scale, what + ": parameter " + i);
          }
        }
      }
    }
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

  private static float[] sparkGradient(JavaSparkContext jsc, ExecutionMode mode,
      ExampleBlock[] blocks, long seed, int epoch, int step, int batch) {
    TrainingSet data = TrainingSet.fromBlocks(jsc, List.of(blocks));
    try {
      List<StepResult> parts = new SparkTrainer(jsc).withMode(mode).partitionResults(data, NET,
          PARAMS, seed, epoch, step, batch);
      float[] g = new float[NET.paramCount()];
      StepSum.of(parts, g, "test");
      return g;
    } finally {
      data.release();
    }
  }

  /** The step in one block, in plain Java: Σ w·∇L over the step's examples, over Σ w. */
  private static float[] singleProcessGradient(long seed, int epoch, int step, int batch) {
    EpochOrder.Local local = new EpochOrder(seed, epoch, N).local(0, N, batch);
    int cols = local.to(step) - local.from(step);
    float[] x = new float[cols * 20];
    float[] t = new float[cols * 4];
    float[] w = new float[cols];
    double total = 0;
    for (int j = 0; j < cols; j++) {
      int e = local.order()[local.from(step) + j];
      System.arraycopy(ALL.x(), e * 20, x, j * 20, 20);
      System.arraycopy(ALL.y(), e * 4, t, j * 4, 4);
      w[j] = ALL.weights()[e];
      total += w[j];
    }
    Workspace ws = new Workspace(NET, cols);
    float[] g = new float[NET.paramCount()];
    Kernels.forward(NET, PARAMS, x, 0, cols, ws);
    Kernels.backward(NET, PARAMS, x, 0, t, w, cols, ws, g);
    for (int i = 0; i < g.length; i++) {
      g[i] /= (float) total;
    }
    return g;
  }
}
