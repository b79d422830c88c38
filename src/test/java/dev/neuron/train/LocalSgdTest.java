package dev.neuron.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.Fixtures;
import dev.neuron.LocalSpark;
import dev.neuron.data.ExampleBlock;
import dev.neuron.data.TrainingSet;
import dev.neuron.nn.Activation;
import dev.neuron.nn.Initializer;
import dev.neuron.nn.Loss;
import dev.neuron.nn.Network;
import dev.neuron.optim.Adam;
import dev.neuron.optim.RmsProp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * Periodic averaging ({@link LocalSgd}): with one partition it is the synchronous run to the bit;
 * its bits do not depend on the number of executor threads (local[1], local[2], local[4]) nor on a
 * task killed and retried mid-round; it counts its syncs and bytes; its settings are checked.
 */
class LocalSgdTest {
  /** Dropout and an L2 penalty, so that masks and the penalty's gradient take part. */
  static final Network NET = Network.input(6).dense(8, Activation.TANH).l2(0.01f).dropout(0.2f)
      .dense(4, Activation.SOFTMAX).loss(Loss.CATEGORICAL_CROSSENTROPY).build();
  static final TrainOptions OPT = new TrainOptions(3, 16, new Adam(0.01f, 0.9f, 0.999f, 1e-7f),
      Initializer.GLOROT_UNIFORM, 42);
  /** 150 examples, batch 16: 10 steps an epoch. */
  static final ExampleBlock DATA = Fixtures.weighted(Fixtures.randomBlock(3, 0, 150, 6, 4), 9);

  static int[] bits(float[] a) {
    int[] b = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      b[i] = Float.floatToRawIntBits(a[i]);
    }
    return b;
  }

  /** The final weights and optimizer slots, as bits. */
  static List<int[]> stateBits(TrainingState s) {
    List<int[]> out = new ArrayList<>(List.of(bits(s.params())));
    for (int k = 0; k < s.optimizer().slotCount(); k++) {
      out.add(bits(s.optimizer().slot(k)));
    }
    return out;
  }

  static void assertSameBits(List<int[]> expected, List<int[]> actual, String what) {
    assertEquals(expected.size(), actual.size(), what);
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), what + ", array " + i);
    }
  }

  /** A run's final state, its mode and the traffic it counted per epoch. */
  record Run(TrainingState state, ModeChoice mode, List<EpochTraffic> traffic) {}

  static Run run(JavaSparkContext jsc, TrainingSet data, TrainOptions opt) {
    ModeChoice[] mode = new ModeChoice[1];
    List<EpochTraffic> traffic = new ArrayList<>();
    TrainingState s = new SparkTrainer(jsc).fit(data, NET, opt, new TrainingListener() {
      @Override
      public void onStart(ModeChoice m) {
        mode[0] = m;
      }

      @Override
      public void onTraffic(EpochTraffic t) {
        traffic.add(t);
      }
    });
    return new Run(s, mode[0], traffic);
  }

  @Test
  void onePartitionIsTheSynchronousRunToTheBit() {
    JavaSparkContext jsc = LocalSpark.jsc();
    TrainingSet data = TrainingSet.fromBlocks(jsc, List.of(DATA));
    try {
      TrainingState sync = run(jsc, data, OPT).state;
      // A warm-up that ends mid-epoch, rounds cut by the epoch's end (10 = 3 + 4 + 3, then 4+4+2).
      TrainingState local = run(jsc, data, OPT.withLocalSgd(
          new LocalSgd(4, 3, LocalSgd.LocalState.AVERAGE))).state;
      assertSameBits(stateBits(sync), stateBits(local), "one partition, H=4 K=3, average");
      assertEquals(sync.optimizer().steps(), local.optimizer().steps());
      for (int e = 0; e < 3; e++) {
        assertEquals(sync.history().get(e).loss(), local.history().get(e).loss(), "epoch " + e);
        assertEquals(sync.history().get(e).accuracy(), local.history().get(e).accuracy());
      }
    } finally {
      data.release();
    }
  }

  /**
   * Four uneven partitions on one, two and four threads, and on two with partition 2's task
   * failing once in the middle of a round (global step 13, the second step of epoch 2's round
   * 12–14) and retried: the same bits, for both state policies; and not the synchronous bits.
   */
  @Test
  void placementAndARetriedTaskDoNotChangeTheBits() {
    Map<LocalSgd.LocalState, List<int[]>> reference = new java.util.EnumMap<>(
        LocalSgd.LocalState.class);
    List<int[]> sync = null;
    for (String master : List.of("local[1]", "local[2,4]", "local[4]", "retry")) {
      SparkConf conf = new SparkConf().setAppName("local-sgd").set("spark.ui.enabled", "false")
          .setMaster(master.equals("retry") ? "local[2,4]" : master);
      List<int[]>[] syncHere = new List[1];
      java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic
          .AtomicInteger();
      LocalSpark.withOwnContext(conf, jsc -> {
        jsc.sc().addSparkListener(new org.apache.spark.scheduler.SparkListener() {
          @Override
          public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
            if (end.reason().toString().contains("injected task failure")) {
              failed.incrementAndGet();
            }
          }
        });
        TrainingSet data = TrainingSet.fromBlocks(jsc,
            List.of(Fixtures.split(DATA, 50, 20, 45, 35)));
        try {
          for (LocalSgd.LocalState policy : LocalSgd.LocalState.values()) {
            if (master.equals("retry")) {
              jsc.setLocalProperty(FaultInjection.FAIL_TASK, "2:13#" + policy.key());
            }
            int failedBefore = failed.get();
            Run r = run(jsc, data, OPT.withLocalSgd(new LocalSgd(3, 4, policy)));
            jsc.setLocalProperty(FaultInjection.FAIL_TASK, null);
            int expected = master.equals("retry") ? 1 : 0;
            // Listener events arrive asynchronously: wait (at most 30 s) for the one expected.
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (failed.get() - failedBefore < expected && System.nanoTime() < deadline) {
              sleep(10);
            }
            assertEquals(expected, failed.get() - failedBefore, "failed task attempts in "
                + master);
            assertEquals(ExecutionMode.JOBS, r.mode.mode(), r.mode.reason());
            if (master.equals("local[4]")) {
              // Four slots for four partitions: auto would run a gang, and says why it does not.
              assertTrue(r.mode.reason().startsWith("periodic averaging (train.local_steps=3) runs"
                  + " one Spark job per round; rounds over a gang are not built (auto: the 4"
                  + " partitions' tasks fit the 4 task slots at once)"), r.mode.reason());
            }
            List<int[]> bits = stateBits(r.state);
            List<int[]> ref = reference.putIfAbsent(policy, bits);
            if (ref != null) {
              assertSameBits(ref, bits, master + " vs local[1], " + policy.key());
            }
            assertTraffic(r.traffic, policy);
          }
          syncHere[0] = stateBits(run(jsc, data, OPT).state);
        } finally {
          data.release();
        }
      });
      sync = syncHere[0];
    }
    assertFalse(Arrays.equals(sync.get(0), reference.get(LocalSgd.LocalState.AVERAGE).get(0)),
        "rounds of local steps are not the synchronous algorithm");
    assertFalse(Arrays.equals(reference.get(LocalSgd.LocalState.RESET).get(0),
        reference.get(LocalSgd.LocalState.AVERAGE).get(0)), "the policies differ");
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * H=3, K=4, 10 steps an epoch, 4 partitions, Adam (2 slots), 6·8+8 + 8·4+4 = 92 parameters:
   * epoch 1 has 4 synchronous steps and rounds at steps 4, 7; epochs 2 and 3 rounds at 0, 3, 6, 9.
   */
  static void assertTraffic(List<EpochTraffic> traffic, LocalSgd.LocalState policy) {
    assertEquals(3, traffic.size());
    long floats = NET.paramCount();
    int shipped = policy == LocalSgd.LocalState.AVERAGE ? 2 : 0;
    long[][] expected = {{4, 2}, {0, 4}, {0, 4}};
    for (int e = 0; e < 3; e++) {
      EpochTraffic t = traffic.get(e);
      assertEquals(e + 1, t.epoch());
      assertEquals(expected[e][0], t.syncSteps(), "epoch " + (e + 1));
      assertEquals(expected[e][1], t.rounds(), "epoch " + (e + 1));
      long down = 4 * floats * 4 * (expected[e][0] + expected[e][1] * (1 + shipped));
      assertEquals(down, t.bytesDown(), "epoch " + (e + 1));
      // Up: at most every partition each sync; a partition without examples sends nothing.
      assertTrue(t.bytesUp() <= down && t.bytesUp() > down / 2, t.toString());
    }
  }

  /**
   * Checkpoints every 2 steps fall where a step or round ends on an even step: 2 and 4 in the
   * warm-up, then 6 (rounds end at 7, 10; 3, 6, 9, 10; 3, 6, 9, 10), besides each epoch's end;
   * resuming from any gives the same bits, since a round starts from the driver's state alone.
   */
  @Test
  void resumingFromAnyCheckpointEndsBitIdentical(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path tmp) {
    JavaSparkContext jsc = LocalSpark.jsc();
    TrainingSet data = TrainingSet.fromBlocks(jsc, List.of(Fixtures.split(DATA, 50, 20, 45, 35)));
    try {
      for (LocalSgd.LocalState policy : LocalSgd.LocalState.values()) {
        TrainOptions opt = OPT.withLocalSgd(new LocalSgd(3, 4, policy));
        dev.neuron.io.CheckpointDir ck = dev.neuron.io.CheckpointDir.open(
            new org.apache.hadoop.conf.Configuration(), tmp.resolve(policy.key()).toString(), NET,
            Map.of("train.seed", "42"), "adam", 2, 100);
        TrainingState full = new SparkTrainer(jsc).fit(data, NET, opt,
            SparkTrainer.initialState(NET, opt), TrainingListener.NONE, ck);
        List<org.apache.hadoop.fs.Path> files = ck.files();
        assertEquals(List.of("checkpoint-e000000-s000000002", "checkpoint-e000000-s000000004",
            "checkpoint-e000001-s000000000",
            "checkpoint-e000001-s000000006", "checkpoint-e000002-s000000000",
            "checkpoint-e000002-s000000006", "checkpoint-e000003-s000000000"),
            files.stream().map(f -> f.getName().replaceAll("\\..*", "")).toList());
        for (org.apache.hadoop.fs.Path file : files.subList(0, files.size() - 1)) {
          dev.neuron.io.Checkpoint c = dev.neuron.io.CheckpointFile.read(
              new org.apache.hadoop.conf.Configuration(), file.toString());
          TrainingState resumed = new SparkTrainer(jsc).fit(data, NET, opt, c.state(),
              TrainingListener.NONE, Checkpointer.NONE);
          assertSameBits(stateBits(full), stateBits(resumed), policy.key() + " from " + file);
          assertEquals(full.history().get(2).loss(), resumed.history().get(2).loss());
        }
      }
    } finally {
      data.release();
    }
  }

  /**
   * A far too large step under squared error overflows within a few local steps: the run stops
   * naming the step and the partition, and the driver's state is the last good round's.
   */
  @Test
  void aLocalStepThatDivergesStopsTheRunNamingIt() {
    JavaSparkContext jsc = LocalSpark.jsc();
    TrainingSet data = TrainingSet.fromBlocks(jsc, List.of(Fixtures.split(DATA, 50, 20, 45, 35)));
    Network net = Network.input(6).dense(8, Activation.RELU).dense(4, Activation.LINEAR)
        .loss(Loss.MEAN_SQUARED_ERROR).build();
    TrainOptions wild = new TrainOptions(3, 16, dev.neuron.optim.Sgd.plain(1000f),
        Initializer.GLOROT_UNIFORM, 42).withLocalSgd(new LocalSgd(3, 0,
            LocalSgd.LocalState.AVERAGE));
    TrainingState state = SparkTrainer.initialState(net, wild);
    try {
      DivergenceException e = assertThrows(DivergenceException.class, () -> new SparkTrainer(jsc)
          .fit(data, net, wild, state, TrainingListener.NONE, Checkpointer.NONE));
      assertTrue(e.getMessage().matches("training diverged at epoch \\d+, step \\d+ \\(local"
          + " step of partition \\d\\): loss .*"), e.getMessage());
      assertTrue(state.step() % 3 == 0, "the state stays at a round's start: " + state.step());
      for (float w : state.params()) {
        assertTrue(Float.isFinite(w));
      }
    } finally {
      data.release();
    }
  }

  @Test
  void settingsAreParsedAndChecked() {
    assertEquals(LocalSgd.OFF, LocalSgd.of(Map.of()));
    assertFalse(LocalSgd.OFF.on());
    assertEquals(new LocalSgd(16, 469, LocalSgd.LocalState.RESET), LocalSgd.of(Map.of(
        "local_steps", "16", "local_warmup_steps", "469", "local_state", "reset")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LocalSgd.of(Map.of("local_steps", "0")));
    assertEquals("local_steps: periodic averaging local_steps must be a whole number from 1 to"
        + " 16777216, found 0.0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> LocalSgd.of(Map.of("local_state", "keep")));
    assertEquals("local_state: unknown local_state 'keep', expected one of average, reset",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> LocalSgd.of(Map.of("local_stepz", "4")));
    assertTrue(e.getMessage().startsWith("local_stepz: not a setting"), e.getMessage());
    assertEquals(0, new LocalSgd(4, 10, LocalSgd.LocalState.AVERAGE).roundLength(9, 3, 20));
    assertEquals(4, new LocalSgd(4, 10, LocalSgd.LocalState.AVERAGE).roundLength(10, 3, 20));
    assertEquals(2, new LocalSgd(4, 10, LocalSgd.LocalState.AVERAGE).roundLength(10, 18, 20));
  }

  /** RMSprop ships one slot; the sync's bytes are counted the same way for any optimizer. */
  @Test
  void rmspropShipsOneSlot() {
    assertEquals(1, LocalSgd.LocalState.AVERAGE.slotsShipped(
        RmsProp.defaults().newState(3).slotCount()));
    assertEquals(0, LocalSgd.LocalState.RESET.slotsShipped(1));
  }
}
