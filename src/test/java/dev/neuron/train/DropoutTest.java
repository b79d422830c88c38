package dev.neuron.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.Fixtures;
import dev.neuron.LocalSpark;
import dev.neuron.data.ExampleBlock;
import dev.neuron.data.TrainingSet;
import dev.neuron.eval.Metrics;
import dev.neuron.eval.SparkEvaluator;
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
 * Dropout: the expected scale, masks that depend on the example and the step but not on where the
 * example is held, so training is bit-identical over 1, 2 and 3 partitions and in both execution
 * modes, and no dropout when scoring.
 */
@ExtendWith(LocalSpark.class)
class DropoutTest {
  private static final Network NET = Network.input(6).dense(12, Activation.TANH).dropout(0.5f)
      .dense(8, Activation.RELU).l2(1e-3f).dropout(0.2f).dense(3, Activation.SOFTMAX)
      .loss(Loss.CATEGORICAL_CROSSENTROPY).build();

  /**
   * Through two linear layers of identity weights the output is the mask times the input: each
   * kept unit is the input scaled by exactly 1/(1 − rate), a fraction {@code rate} is zero, and
   * the mean over all units stays the input's mean.
   */
  @Test
  void keptUnitsAreScaledSoTheMeanActivationIsKept() {
    float rate = 0.25f;
    int units = 50;
    int cols = 2000;
    Network net = Network.input(units).dense(units, Activation.LINEAR).dropout(rate)
        .dense(units, Activation.LINEAR).loss(Loss.MEAN_SQUARED_ERROR).build();
    float[] p = new float[net.paramCount()];
    for (int l = 0; l < 2; l++) {
      for (int i = 0; i < units; i++) {
        p[net.weightOffset(l) + i * units + i] = 1f;
      }
    }
    float[] x = Fixtures.randomBlock(9, 0, cols, units, 2).x();
    Workspace ws = new Workspace(net, cols);
    DropoutMask.draw(net, ws, DropoutMask.key(1, 0, 0, cols, cols), 0, identity(cols), 0, cols);
    Kernels.forwardTraining(net, p, x, 0, cols, ws);
    float[] y = ws.output();
    long dropped = 0;
    double in = 0;
    double out = 0;
    for (int i = 0; i < units * cols; i++) {
      if (y[i] == 0f) {
        dropped++;
      } else {
        assertEquals(x[i] * (1f / 0.75f), y[i], "unit " + i);
      }
      in += x[i];
      out += y[i];
    }
    // 100,000 draws: the dropped fraction's sd is 0.0014, the mean's relative sd about 0.003.
    assertEquals(rate, dropped / (double) (units * cols), 0.007);
    assertEquals(1.0, out / in, 0.015);
    // Scoring the same block uses every unit unscaled.
    Kernels.forward(net, p, x, 0, cols, ws);
    assertArrayEquals(Arrays.copyOf(x, units * cols), Arrays.copyOf(ws.output(), units * cols));
  }

  @Test
  void masksDependOnTheExampleNotOnItsBlockOrPlaceInTheBlock() {
    int n = 90;
    long key = DropoutMask.key(7, 2, 1, 30, n);
    float[][] whole = masks(key, 0, n, identity(n));
    // The same examples as three blocks, each visited in another order.
    for (int[] cut : new int[][] {{0, 40, 90}, {0, 1, 60, 90}}) {
      for (int b = 0; b + 1 < cut.length; b++) {
        int rows = cut[b + 1] - cut[b];
        int[] order = identity(rows);
        reverse(order);
        float[][] part = masks(key, cut[b], rows, order);
        for (int j = 0; j < rows; j++) {
          assertArrayEquals(whole[cut[b] + order[j]], part[j], "example " + (cut[b] + order[j]));
        }
      }
    }
    // Another step or seed draws other masks.
    assertFalse(Arrays.deepEquals(whole, masks(DropoutMask.key(7, 2, 2, 30, n), 0, n,
        identity(n))));
    assertFalse(Arrays.deepEquals(whole, masks(DropoutMask.key(8, 2, 1, 30, n), 0, n,
        identity(n))));
  }

  /** Per visited column, layer 0's mask then layer 1's. */
  private static float[][] masks(long key, long start, int rows, int[] order) {
    Workspace ws = new Workspace(NET, rows);
    DropoutMask.draw(NET, ws, key, start, order, 0, rows);
    float[][] out = new float[rows][];
    for (int j = 0; j < rows; j++) {
      float[] a = Arrays.copyOfRange(ws.mask(0), j * 12, (j + 1) * 12);
      float[] b = Arrays.copyOfRange(ws.mask(1), j * 8, (j + 1) * 8);
      out[j] = new float[20];
      System.arraycopy(a, 0, out[j], 0, 12);
      System.arraycopy(b, 0, out[j], 12, 8);
    }
    return out;
  }

  private static int[] identity(int n) {
    int[] a = new int[n];
    Arrays.setAll(a, j -> j);
    return a;
  }

  private static void reverse(int[] a) {
    for (int i = 0, j = a.length - 1; i < j; i++, j--) {
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /**
   * With one example per step, each step's gradient comes whole from the one partition holding
   * the example, so any difference in the trained bits between partitionings could only come
   * from the masks.
   */
  @Test
  void trainingIsBitIdenticalOverOneTwoAndThreePartitionsInBothModes(JavaSparkContext jsc) {
    ExampleBlock all = Fixtures.randomBlock(21, 0, 40, 6, 3);
    TrainOptions opt = new TrainOptions(2, 1, new Adam(0.01f, 0.9f, 0.999f, 1e-7f),
        Initializer.GLOROT_UNIFORM, 5);
    int[] expected = null;
    for (int[] sizes : new int[][] {{40}, {15, 25}, {8, 20, 12}}) {
      for (ExecutionMode mode : List.of(ExecutionMode.JOBS, ExecutionMode.GANG)) {
        TrainingSet data = TrainingSet.fromBlocks(jsc, List.of(Fixtures.split(all, sizes)));
        try {
          TrainingState s = new SparkTrainer(jsc).withMode(mode).fit(data, NET, opt,
              TrainingListener.NONE);
          int[] bits = DeterminismTest.bits(s.params());
          if (expected == null) {
            expected = bits;
          } else {
            assertArrayEquals(expected, bits, Arrays.toString(sizes) + " " + mode);
          }
        } finally {
          data.release();
        }
      }
    }
    // Dropout changed the run: without it the same seed trains other weights.
    Network plain = Network.input(6).dense(12, Activation.TANH).dense(8, Activation.RELU)
        .l2(1e-3f).dense(3, Activation.SOFTMAX).build();
    TrainingSet data = TrainingSet.fromBlocks(jsc, List.of(all));
    try {
      TrainingState s = new SparkTrainer(jsc).fit(data, plain, opt, TrainingListener.NONE);
      assertFalse(Arrays.equals(expected, DeterminismTest.bits(s.params())));
    } finally {
      data.release();
    }
  }

  @Test
  void scoringAppliesNoDropout(JavaSparkContext jsc) {
    Network plain = Network.input(6).dense(12, Activation.TANH).dense(8, Activation.RELU)
        .dense(3, Activation.SOFTMAX).build();
    float[] p = NET.initialParameters(Initializer.GLOROT_UNIFORM, new SplittableRandom(2));
    TrainingSet data = TrainingSet.fromBlocks(jsc,
        List.of(Fixtures.split(Fixtures.randomBlock(4, 0, 50, 6, 3), 20, 30)));
    try {
      Metrics a = SparkEvaluator.evaluate(jsc, data.blocks(), NET, p, 2);
      Metrics b = SparkEvaluator.evaluate(jsc, data.blocks(), plain, p, 2);
      assertEquals(b.loss(), a.loss());
      assertEquals(b.accuracy(), a.accuracy());
    } finally {
      data.release();
    }
  }
}
