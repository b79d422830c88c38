package dev.neuron.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.Fixtures;
import dev.neuron.LocalSpark;
import dev.neuron.data.ExampleBlock;
import dev.neuron.data.TrainingSet;
import dev.neuron.nn.Activation;
import dev.neuron.nn.Initializer;
import dev.neuron.nn.Loss;
import dev.neuron.nn.Network;
import dev.neuron.optim.Sgd;
import dev.neuron.read.IdxBlocks;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Executors let go of a training set's blocks once it is released: a run trains (so every block
 * has its worker), the set is released, and weak references to the blocks the executor held are
 * cleared by a garbage collection (CrossValidator folds and notebooks fit again and again).
 */
@ExtendWith(LocalSpark.class)
class ReleasedBlocksTest {
  /** Filled by tasks; local mode runs them in this JVM. */
  private static final List<WeakReference<ExampleBlock>> SEEN = new ArrayList<>();

  @Test
  void aReleasedSetsBlocksAreCollected(JavaSparkContext jsc) throws Exception {
    TrainingSet set = IdxBlocks.cached(jsc, Fixtures.mnist("t10k"), 2, 10);
    Network net = Network.input(784).dense(16, Activation.RELU).dense(10, Activation.SOFTMAX)
        .loss(Loss.CATEGORICAL_CROSSENTROPY).build();
    new SparkTrainer(jsc).fit(set, net,
        new TrainOptions(1, 2500, Sgd.plain(0.01f), Initializer.GLOROT_UNIFORM, 1L),
        TrainingListener.NONE);
    synchronized (SEEN) {
      SEEN.clear();
    }
    set.blocks().foreachPartition(ReleasedBlocksTest::remember);
    assertEquals(2, SEEN.size());
    set.release();
    set = null;
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (SEEN.stream().anyMatch(r -> r.get() != null) && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(100);
    }
    assertTrue(SEEN.stream().allMatch(r -> r.get() == null),
        "a released training set's blocks are still reachable after 20 s of garbage collections");
  }

  private static void remember(Iterator<ExampleBlock> blocks) {
    synchronized (SEEN) {
      SEEN.add(new WeakReference<>(blocks.next()));
    }
  }
}
