package dev.neuron.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.Fixtures;
import dev.neuron.LocalSpark;
import dev.neuron.data.ExampleBlock;
import dev.neuron.data.TrainingSet;
import dev.neuron.io.Checkpoint;
import dev.neuron.io.CheckpointDir;
import dev.neuron.io.CheckpointFile;
import dev.neuron.nn.Activation;
import dev.neuron.nn.Initializer;
import dev.neuron.nn.Loss;
import dev.neuron.nn.Network;
import dev.neuron.optim.Adam;
import dev.neuron.optim.Sgd;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Same seed, data and partitioning → the same bits, including across a resume from a checkpoint;
 * a non-finite loss or gradient stops the run and leaves the last good checkpoint intact.
 */
@ExtendWith(LocalSpark.class)
class DeterminismTest {
  static final Network NET = Network.input(6).dense(8, Activation.TANH)
      .dense(4, Activation.SOFTMAX).loss(Loss.CATEGORICAL_CROSSENTROPY).build();
  static final TrainOptions OPT = new TrainOptions(3, 16, new Adam(0.01f, 0.9f, 0.999f, 1e-7f),
      Initializer.GLOROT_UNIFORM, 42);

  @TempDir
  Path tmp;

  static TrainingSet data(JavaSparkContext jsc) {
    return TrainingSet.fromBlocks(jsc,
        List.of(Fixtures.split(Fixtures.randomBlock(3, 0, 150, 6, 4), 70, 33, 47)));
  }

  static int[] bits(float[] a) {
    int[] b = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      b[i] = Float.floatToRawIntBits(a[i]);
    }
    return b;
  }

  private CheckpointDir checkpoints(String name, Network net, int every) {
    return CheckpointDir.open(new Configuration(), tmp.resolve(name).toString(), net,
        Map.of("train.seed", "42"), "adam", every, 100);
  }

  @Test
  void twoRunsAreBitIdentical(JavaSparkContext jsc) {
    TrainingSet data = data(jsc);
    TrainingState a = new SparkTrainer(jsc).fit(data, NET, OPT, TrainingListener.NONE);
    TrainingState b = new SparkTrainer(jsc).fit(data, NET, OPT, TrainingListener.NONE);
    data.release();
    assertArrayEquals(bits(a.params()), bits(b.params()));
    assertArrayEquals(bits(a.optimizer().slot(1)), bits(b.optimizer().slot(1)));
    assertEquals(a.history().get(2).loss(), b.history().get(2).loss());
  }

  @Test
  void resumingFromAnyCheckpointEndsBitIdentical(JavaSparkContext jsc) {
    TrainingSet data = data(jsc);
    CheckpointDir ck = checkpoints("full", NET, 3);
    TrainingState full = new SparkTrainer(jsc).fit(data, NET, OPT,
        SparkTrainer.initialState(NET, OPT), TrainingListener.NONE, ck);
    // 10 steps an epoch: checkpoints after steps 3, 6, 9 and at each epoch end.
    assertEquals(12, ck.files().size());
    for (org.apache.hadoop.fs.Path file : List.of(ck.files().get(1), ck.files().get(4),
        ck.files().get(7))) {
      Checkpoint c = CheckpointFile.read(new Configuration(), file.toString());
      TrainingState resumed = new SparkTrainer(jsc).fit(data, NET, OPT, c.state(),
          TrainingListener.NONE, Checkpointer.NONE);
      assertArrayEquals(bits(full.params()), bits(resumed.params()), "resumed from " + file);
      assertEquals(full.history().size(), resumed.history().size());
      for (int e = 0; e < full.history().size(); e++) {
        assertEquals(full.history().get(e).loss(), resumed.history().get(e).loss());
        assertEquals(full.history().get(e).accuracy(), resumed.history().get(e).accuracy());
      }
    }
    data.release();
  }

  @Test
  void divergenceNamesStepAndLayerAndKeepsTheLastGoodCheckpoint(JavaSparkContext jsc) {
    TrainingSet data = data(jsc);
    // A linear output under squared error with a far too large step: the error grows by orders
    // of magnitude each step until it overflows.
    Network net = Network.input(6).dense(8, Activation.RELU).dense(4, Activation.LINEAR)
        .loss(Loss.MEAN_SQUARED_ERROR).build();
    TrainOptions wild = new TrainOptions(3, 16, Sgd.plain(1000f), Initializer.GLOROT_UNIFORM, 42);
    CheckpointDir ck = checkpoints("wild", net, 1);
    DivergenceException e = assertThrows(DivergenceException.class, () -> new SparkTrainer(jsc)
        .fit(data, net, wild, SparkTrainer.initialState(net, wild), TrainingListener.NONE, ck));
    data.release();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        "training diverged at epoch (\\d+), step (\\d+): loss .*; first non-finite gradient .* in"
        + " layer \\d \\(dense \\d+ \\w+, (weights|bias)\\)").matcher(e.getMessage());
    assertTrue(m.matches(), e.getMessage());
    int epoch = Integer.parseInt(m.group(1));
    int step = Integer.parseInt(m.group(2));
    assertTrue(epoch > 1 || step > 1, "the first step is finite: " + e.getMessage());
    // The newest checkpoint is the position just before the bad step, and it reads back whole.
    Checkpoint last = ck.newest(System.err);
    assertEquals(epoch - 1, last.state().epoch());
    assertEquals(step - 1, last.state().step());
    for (float w : last.state().params()) {
      assertTrue(Float.isFinite(w));
    }
  }

  @Test
  void nanInTheDataIsReportedWithItsLayer(JavaSparkContext jsc) {
    ExampleBlock good = Fixtures.randomBlock(5, 0, 40, 6, 4);
    good.x()[17 * 6 + 2] = Float.NaN;
    TrainingSet data = TrainingSet.fromBlocks(jsc, List.of(Fixtures.split(good, 20, 20)));
    TrainOptions opt = new TrainOptions(1, 10, Sgd.plain(0.1f), Initializer.GLOROT_UNIFORM, 1);
    DivergenceException e = assertThrows(DivergenceException.class,
        () -> new SparkTrainer(jsc).fit(data, NET, opt, TrainingListener.NONE));
    data.release();
    assertTrue(e.getMessage().contains("loss NaN; first non-finite gradient (NaN) in layer 0"
        + " (dense 8 tanh, weights)"), e.getMessage());
    long position = new EpochOrder(1, 0, 40).position(17);
    assertTrue(e.getMessage().startsWith("training diverged at epoch 1, step "
        + (position / 10 + 1) + ":"), "example 17 is in step " + (position / 10 + 1) + ": "
        + e.getMessage());
  }
}
