package dev.neuron.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.Fixtures;
import dev.neuron.LocalSpark;
import dev.neuron.data.ExampleBlock;
import dev.neuron.data.TrainingSet;
import dev.neuron.nn.Activation;
import dev.neuron.nn.Initializer;
import dev.neuron.nn.Kernels;
import dev.neuron.nn.Loss;
import dev.neuron.nn.Network;
import dev.neuron.nn.Workspace;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gradient a step computes on Spark equals the single-process gradient of the same batch,
 * whatever the partitioning (1, 2 or 3 uneven partitions, or more partitions than examples in the
 * step); only the floating-point summation order may differ. With example weights (a quarter of
 * them 0) it is {@code Σ w·∇L / Σ w} of the batch, in jobs and in gang mode alike: each partition
 * returns unnormalized sums and the driver divides once by the batch's weight total.
 */
@ExtendWith(LocalSpark.class)
class PartitionGradientTest {
  private static final int N = 300;
  private static final Network NET = Network.input(20).dense(16, Activation.TANH)
      .dense(4, Activation.SOFTMAX).loss(Loss.CATEGORICAL_CROSSENTROPY).build();
  private static final ExampleBlock ALL = Fixtures.randomBlock(3, 0, N, 20, 4);
  private static final ExampleBlock WEIGHTED = Fixtures.weighted(ALL, 8);
  private static final float[] PARAMS = NET.initialParameters(Initializer.GLOROT_UNIFORM,
      new SplittableRandom(4));

  @Test
  void sameGradientOverOneTwoAndThreePartitions(JavaSparkContext jsc) {
    int batch = 128;
    for (int step : new int[] {0, 2}) { // a full step and the last, short one (44 examples)
      float[] expected = singleProcessGradient(ALL, 11, 1, step, batch);
      for (int[] sizes : new int[][] {{N}, {100, 200}, {1, 150, 149}}) {
        float[] actual = sparkGradient(jsc, Fixtures.split(ALL, sizes), 11, 1, step, batch);
        assertClose(expected, actual, "step " + step + ", partitions " + Arrays.toString(sizes));
      }
    }
  }

  @Test
  void sameWeightedGradientOverOneTwoAndThreePartitionsInBothModes(JavaSparkContext jsc) {
    int batch = 128;
    for (int step : new int[] {0, 2}) {
      float[] expected = singleProcessGradient(WEIGHTED, 11, 1, step, batch);
      for (int[] sizes : new int[][] {{N}, {100, 200}, {1, 150, 149}}) {
        for (ExecutionMode mode : new ExecutionMode[] {ExecutionMode.JOBS, ExecutionMode.GANG}) {
          float[] actual = sparkGradient(jsc, mode, Fixtures.split(WEIGHTED, sizes), 11, 1, step,
              batch);
          assertClose(expected, actual, mode + ", step " + step + ", partitions "
              + Arrays.toString(sizes));
        }
      }
    }
  }

  @Test
  void partitionsWithoutExamplesInAStepContributeNothing(JavaSparkContext jsc) {
    int[] sizes = {40, 40, 40, 40, 40, 50, 50};
    float[] expected = singleProcessGradient(ALL, 2, 0, 5, 3);
    assertClose(expected, sparkGradient(jsc, Fixtures.split(ALL, sizes), 2, 0, 5, 3), "batch 3");
  }

  @Test
  void fullBatchIsOneStepOverEveryExample(JavaSparkContext jsc) {
    float[] expected = singleProcessGradient(ALL, 5, 0, 0, N);
    assertClose(expected, sparkGradient(jsc, Fixtures.split(ALL, 120, 180), 5, 0, 0, N),
        "full batch");
  }

  private static float[] sparkGradient(JavaSparkContext jsc, ExampleBlock[] blocks, long seed,
      int epoch, int step, int batch) {
    return sparkGradient(jsc, ExecutionMode.AUTO, blocks, seed, epoch, step, batch);
  }

  private static float[] sparkGradient(JavaSparkContext jsc, ExecutionMode mode,
      ExampleBlock[] blocks, long seed, int epoch, int step, int batch) {
    TrainingSet data = TrainingSet.fromBlocks(jsc, List.of(blocks));
    try {
      List<StepResult> parts = new SparkTrainer(jsc).withMode(mode).partitionResults(data, NET,
          PARAMS, seed, epoch, step, batch);
      assertEquals(blocks.length, parts.size());
      float[] g = new float[NET.paramCount()];
      CheckedMean sum = CheckedMean.of(parts, g, "test");
      assertEquals(Math.min(batch, N - (long) step * batch), sum.count());
      return g;
    } finally {
      data.release();
    }
  }

  /**
   * The same step computed in one block, in plain Java: gather the step's examples, backprop,
   * divide by their count (or, weighted, by the sum of their weights).
   */
  private static float[] singleProcessGradient(ExampleBlock all, long seed, int epoch, int step,
      int batch) {
    EpochOrder.Local local = new EpochOrder(seed, epoch, N).local(0, N, batch);
    int cols = local.to(step) - local.from(step);
    float[] x = new float[cols * 20];
    float[] t = new float[cols * 4];
    float[] w = all.weights() == null ? null : new float[cols];
    double total = all.weights() == null ? cols : 0;
    for (int j = 0; j < cols; j++) {
      int e = local.order()[local.from(step) + j];
      System.arraycopy(all.x(), e * 20, x, j * 20, 20);
      System.arraycopy(all.y(), e * 4, t, j * 4, 4);
      if (w != null) {
        w[j] = all.weights()[e];
        total += w[j];
      }
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

  private static void assertClose(float[] expected, float[] actual, String what) {
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
