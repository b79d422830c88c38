package dev.neuron.train.gang;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.LocalSpark;
import dev.neuron.data.TrainingSet;
import dev.neuron.nn.Network;
import dev.neuron.train.Checkpointer;
import dev.neuron.train.ExecutionMode;
import dev.neuron.train.FaultInjection;
import dev.neuron.train.SparkTrainer;
import dev.neuron.train.StepResult;
import dev.neuron.train.TrainOptions;
import dev.neuron.train.TrainingListener;
import dev.neuron.train.TrainingState;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bf16 wire ({@code spark.neuron.gang.wire=bf16}) in whole runs: two epochs of 15 steps, two
 * partitions, windows of 4 steps ([0, 4), [4, 8), [8, 12), [12, 15) in each epoch). Its bits do
 * not depend on the transport or on task failures, and it moves half the bytes.
 */
@ExtendWith(LocalSpark.class)
class GangWireTest {
  private static final Network NET = GangRuns.NET;
  private static final TrainOptions OPT = GangRuns.OPT;
  private static TrainingSet data;
  private static TrainingState inJvm;

  @BeforeAll
  static void load() {
    data = GangRuns.data();
    inJvm = fit(LocalSpark.jsc(), "auto", Map.of());
  }

  @AfterAll
  static void release() {
    data.release();
  }

  private static TrainingState fit(JavaSparkContext jsc, String transport,
      Map<String, String> more) {
    Map<String, String> settings = new HashMap<>(more);
    settings.put(GangSetting.TRANSPORT.key(), transport);
    settings.putIfAbsent(GangSetting.WIRE.key(), "bf16");
    settings.put(GangSetting.FLUSH_STEPS.key(), "4");
    settings.forEach(jsc::setLocalProperty);
    try {
      return new SparkTrainer(jsc).withMode(ExecutionMode.GANG).fit(data, NET, OPT,
          TrainingListener.NONE);
    } finally {
      settings.keySet().forEach(k -> jsc.setLocalProperty(k, null));
    }
  }

  @Test
  void tcpMembersGiveTheBitsOfInJvmOnes(JavaSparkContext jsc) {
    assertArrayEquals(inJvm.params(), fit(jsc, "tcp", Map.of()).params());
  }

  /**
   * Failures in the middle of windows (global steps 5, 13, 17: the second of [4, 8), the second
   * of [12, 15), the second of epoch 2's [0, 4)) and at a window's start (8): the relaunched
   * tasks replay the window so far and end with the bits of the undisturbed run.
   */
  @ParameterizedTest
  @ValueSource(strings = {"auto", "tcp"})
  void failedTasksReplayTheirWindowAndChangeNoBit(String transport, JavaSparkContext jsc) {
    TrainingState s = fit(jsc, transport, Map.of(FaultInjection.FAIL_TASK,
        "0:5,1:8,1:13,0:17#bf16-" + transport));
    assertArrayEquals(inJvm.params(), s.params());
  }

  /**
   * A member silent with its connection open: the driver launches the stage anew after the
   * timeout, and the new tasks replay their window.
   */
  @Test
  void aSilentMemberRelaunchedByTheDriver(JavaSparkContext jsc) {
    TrainingState s = fit(jsc, "tcp", Map.of(FaultInjection.HANG_TASK, "1:6#bf16",
        GangSetting.TIMEOUT.key(), "3s"));
    assertArrayEquals(inJvm.params(), s.params());
  }

  /** After a task has answered, while the others still compute: the same. */
  @Test
  void aFailureAfterAnAnswerMidWindow(JavaSparkContext jsc) {
    TrainingState s = fit(jsc, "tcp", Map.of(FaultInjection.FAIL_AFTER, "1:6#bf16"));
    assertArrayEquals(inJvm.params(), s.params());
  }

  /**
   * A run stopped after epoch 1 and continued (as from a checkpoint at the epoch's end) starts a
   * new gang, with new replicas and empty residuals: the state at every window's start, so the
   * bits are those of the run that never stopped.
   */
  @Test
  void aRunContinuedAtAnEpochsStartHasTheBitsOfOneThatNeverStopped(JavaSparkContext jsc) {
    Map<String, String> settings = Map.of(GangSetting.TRANSPORT.key(), "tcp",
        GangSetting.WIRE.key(), "bf16", GangSetting.FLUSH_STEPS.key(), "4");
    settings.forEach(jsc::setLocalProperty);
    try {
      TrainOptions oneEpoch = new TrainOptions(1, 100, OPT.optimizer(), OPT.initializer(),
          OPT.seed());
      SparkTrainer trainer = new SparkTrainer(jsc).withMode(ExecutionMode.GANG);
      TrainingState s = trainer.fit(data, NET, oneEpoch, TrainingListener.NONE);
      trainer.fit(data, NET, OPT, s, TrainingListener.NONE, Checkpointer.NONE);
      assertArrayEquals(inJvm.params(), s.params());
    } finally {
      settings.keySet().forEach(k -> jsc.setLocalProperty(k, null));
    }
  }

  /** The 16-bit run learns as the float32 one does, without being the same run. */
  @Test
  void learnsAsFloat32Does(JavaSparkContext jsc) {
    TrainingState f32 = fit(jsc, "auto", Map.of(GangSetting.WIRE.key(), "f32"));
    assertFalse(Arrays.equals(f32.params(), inJvm.params()));
    for (int e = 0; e < 2; e++) {
      double a = f32.history().get(e).loss();
      double b = inJvm.history().get(e).loss();
      assertEquals(a, b, 0.01 * a, "epoch " + (e + 1) + " loss");
    }
  }

  /**
   * One epoch over TCP with plain SGD steps on the driver: the bf16 wire sends and receives about
   * half the body bytes of the float32 one. Not exactly half: the epoch is one window (the default
   * is 64 steps), whose first weights and last gradients go as float32, and error feedback sends
   * what rounding left in a block for a step or two after its values stop changing, when float32
   * would leave it out (0.58 each way here; the reference job's numbers are in the README).
   */
  @Test
  void halfTheBytes(JavaSparkContext jsc) {
    long[] f32 = bytes(jsc, "f32");
    long[] bf16 = bytes(jsc, "bf16");
    double down = (double) bf16[0] / f32[0];
    double up = (double) bf16[1] / f32[1];
    System.out.printf("bf16/f32 body bytes over one epoch: weights %d/%d = %.3f, gradients"
        + " %d/%d = %.3f%n", bf16[0], f32[0], down, bf16[1], f32[1], up);
    assertTrue(down < 0.6 && up < 0.6, down + ", " + up);
    assertTrue(down > 0.45 && up > 0.45, "the same blocks go: " + down + ", " + up);
  }

  private static long[] bytes(JavaSparkContext jsc, String wire) {
    jsc.setLocalProperty(GangSetting.TRANSPORT.key(), "tcp");
    jsc.setLocalProperty(GangSetting.WIRE.key(), wire);
    try (GangSteps gang = (GangSteps) GangSteps.start(jsc, data, NET, OPT.seed(),
        OPT.batchFor(data.count()))) {
      float[] w = SparkTrainer.initialState(NET, OPT).params();
      gang.awaitReady();
      for (int step = 0; step < 15; step++) {
        List<StepResult> parts = gang.run(w, 0, step);
        for (StepResult r : parts) {
          for (int i = 0; i < w.length; i++) {
            w[i] -= 0.1f * r.gradient()[i] / 100;
          }
        }
      }
      return gang.bodyBytes();
    } finally {
      jsc.setLocalProperty(GangSetting.TRANSPORT.key(), null);
      jsc.setLocalProperty(GangSetting.WIRE.key(), null);
    }
  }

  @Test
  void theTreeIsRefused(JavaSparkContext jsc) {
    jsc.setLocalProperty(GangSetting.TRANSPORT.key(), "tcp");
    jsc.setLocalProperty(GangSetting.COMBINE.key(), "tree");
    jsc.setLocalProperty(GangSetting.WIRE.key(), "bf16");
    try {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> GangSteps.start(jsc, data, NET, 1, 100));
      assertTrue(e.getMessage().contains("needs the star"), e.getMessage());
      jsc.setLocalProperty(GangSetting.WIRE.key(), "fp8");
      assertThrows(IllegalArgumentException.class, () -> GangSteps.start(jsc, data, NET, 1, 100));
    } finally {
      jsc.setLocalProperty(GangSetting.TRANSPORT.key(), null);
      jsc.setLocalProperty(GangSetting.COMBINE.key(), null);
      jsc.setLocalProperty(GangSetting.WIRE.key(), null);
    }
  }
}
