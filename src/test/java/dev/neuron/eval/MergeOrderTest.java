package dev.neuron.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.neuron.Fixtures;
import dev.neuron.LocalSpark;
import dev.neuron.data.ExampleBlock;
import dev.neuron.nn.Activation;
import dev.neuron.nn.Initializer;
import dev.neuron.nn.Loss;
import dev.neuron.nn.Network;
import java.util.Arrays;
import java.util.Iterator;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The scoring jobs' metrics do not depend on which task finishes first: six partitions of very
 * different sizes (so their loss sums differ in magnitude and their sum in its last bits by
 * order) are scored once with the tasks finishing in partition order and once in another order;
 * both equal the partitions' metrics merged left to right.
 */
@ExtendWith(LocalSpark.class)
class MergeOrderTest {
  private static final int[] SIZES = {3, 2000, 7, 900, 1, 4000};

  @Test
  void metricsAreMergedInPartitionOrderWhateverTheTaskOrder(JavaSparkContext jsc) {
    Network net = Network.input(20).dense(8, Activation.TANH).dense(5, Activation.SOFTMAX)
        .loss(Loss.CATEGORICAL_CROSSENTROPY).build();
    float[] params = net.initialParameters(Initializer.GLOROT_UNIFORM, new SplittableRandom(5));
    for (int i = 0; i < params.length; i++) {
      params[i] *= 25; // saturated outputs: examples' losses from ~0 to ~100, sums that round
    }
    for (long seed = 1; seed <= 3; seed++) { // with data 2, order changes the last bit
      ExampleBlock[] blocks = Fixtures.split(
          Fixtures.randomBlock(seed, 0, Arrays.stream(SIZES).sum(), 20, 5), SIZES);
      Metrics expected = new Metrics(5, 1);
      for (ExampleBlock b : blocks) {
        Metrics m = new Metrics(5, 1);
        new BlockScorer(net, params).score(b, m);
        expected.merge(m);
      }
      Metrics inOrder = SparkEvaluator.evaluate(jsc, delayed(jsc, blocks, false), net, params, 1);
      Metrics reversed = SparkEvaluator.evaluate(jsc, delayed(jsc, blocks, true), net, params, 1);
      assertEquals(expected.count(), reversed.count());
      assertEquals(Double.doubleToLongBits(expected.loss()),
          Double.doubleToLongBits(inOrder.loss()), "data " + seed + ", tasks ending in order");
      assertEquals(Double.doubleToLongBits(expected.loss()),
          Double.doubleToLongBits(reversed.loss()), "data " + seed + ", tasks ending out of order");
    }
  }

  /** The blocks, partition p's task delayed so that the tasks finish in or against order. */
  private static JavaRDD<ExampleBlock> delayed(JavaSparkContext jsc, ExampleBlock[] blocks,
      boolean reversed) {
    return jsc.parallelize(Arrays.asList(blocks), blocks.length)
        .mapPartitionsWithIndex(new Delay(blocks.length, reversed), true);
  }

  private static final class Delay
      implements Function2<Integer, Iterator<ExampleBlock>, Iterator<ExampleBlock>> {
    private static final long serialVersionUID = 1L;
    private final int n;
    private final boolean reversed;

    Delay(int n, boolean reversed) {
      this.n = n;
      this.reversed = reversed;
    }

    @Override
    public Iterator<ExampleBlock> call(Integer p, Iterator<ExampleBlock> it) throws Exception {
      Thread.sleep(100L * (reversed ? n - 1 - p : p));
      return it;
    }
  }
}
