package dev.neuron.train.gang;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.LocalSpark;
import dev.neuron.nn.Initializer;
import dev.neuron.nn.Network;
import dev.neuron.train.Checkpointer;
import dev.neuron.train.EpochMonitor;
import dev.neuron.train.ExecutionMode;
import dev.neuron.train.FaultInjection;
import dev.neuron.train.SparkTrainer;
import dev.neuron.train.StepExecutor;
import dev.neuron.train.StepResult;
import dev.neuron.train.TrainOptions;
import dev.neuron.train.TrainingListener;
import dev.neuron.data.TrainingSet;
import dev.neuron.train.TrainingState;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Gang mode runs the same algorithm as one job per step: the same bits, even after a failure. */
@ExtendWith(LocalSpark.class)
class GangModeTest {
  private static final Network NET = GangRuns.NET;
  private static final TrainOptions OPT = GangRuns.OPT;
  private static final String TRANSPORT = GangSetting.TRANSPORT.key();
  private static TrainingSet data;

  @BeforeAll
  static void load() {
    data = GangRuns.data();
  }

  @AfterAll
  static void release() {
    data.release();
  }

  private static TrainingState fit(JavaSparkContext jsc, ExecutionMode mode) {
    return new SparkTrainer(jsc).withMode(mode).fit(data, NET, OPT, TrainingListener.NONE);
  }

  /**
   * Gang mode with its tasks joining over {@code channel}: "auto" (in-JVM in local mode), "tcp"
   * (each task sends its own gradient to the driver) or "tcp-tree" (the tasks add them in a tree).
   */
  private static TrainingState gang(JavaSparkContext jsc, String channel, String failTask) {
    jsc.setLocalProperty(TRANSPORT, channel.startsWith("tcp") ? "tcp" : channel);
    jsc.setLocalProperty(GangSetting.COMBINE.key(), channel.endsWith("tree") ? "tree" : "star");
    jsc.setLocalProperty(FaultInjection.FAIL_TASK, failTask == null ? null
        : failTask + "#" + channel);
    try {
      return fit(jsc, ExecutionMode.GANG);
    } finally {
      jsc.setLocalProperty(TRANSPORT, null);
      jsc.setLocalProperty(GangSetting.COMBINE.key(), null);
      jsc.setLocalProperty(FaultInjection.FAIL_TASK, null);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"auto", "tcp", "tcp-tree"})
  void gangAndJobModesGiveTheSameWeights(String transport, JavaSparkContext jsc) {
    TrainingState jobs = fit(jsc, ExecutionMode.JOBS);
    TrainingState gang = gang(jsc, transport, null);
    assertArrayEquals(jobs.params(), gang.params());
    assertEquals(jobs.history().get(1).loss(), gang.history().get(1).loss());
  }

  @ParameterizedTest
  @ValueSource(strings = {"auto", "tcp", "tcp-tree"})
  void aFailedBarrierTaskIsRetriedAndTheRunEndsWithTheSameWeights(String transport,
      JavaSparkContext jsc) {
    TrainingState undisturbed = fit(jsc, ExecutionMode.JOBS);
    AtomicInteger retries = new AtomicInteger();
    SparkListener stages = new SparkListener() {
      @Override
      public void onStageSubmitted(SparkListenerStageSubmitted s) {
        if (s.stageInfo().attemptNumber() > 0) {
          retries.incrementAndGet();
        }
      }
    };
    jsc.sc().addSparkListener(stages);
    try {
      // Partition 1 fails at epoch 2's 6th step; Spark retries the whole stage.
      TrainingState retried = gang(jsc, transport, "1:20");
      assertArrayEquals(undisturbed.params(), retried.params());
      long deadline = System.nanoTime() + 10_000_000_000L; // listener events arrive asynchronously
      while (retries.get() == 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertTrue(retries.get() > 0, "the barrier stage was never retried");
    } finally {
      jsc.sc().removeSparkListener(stages);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"auto", "tcp"})
  void validationBetweenEpochsGetsTheSlotsTheGangHeld(String transport, JavaSparkContext jsc)
      throws Exception {
    TrainingState jobs = fit(jsc, ExecutionMode.JOBS);
    AtomicInteger failed = new AtomicInteger();
    SparkListener tasks = new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd e) {
        if (e.taskInfo().failed() || e.taskInfo().killed()) {
          failed.incrementAndGet();
        }
      }
    };
    jsc.sc().addSparkListener(tasks);
    jsc.setLocalProperty(TRANSPORT, transport);
    try {
      TrainingState state = SparkTrainer.initialState(NET, OPT);
      // Scores a validation set with a Spark job after every epoch, while the gang holds both of
      // local[2]'s slots: without a pause the job would wait until the gang timed out.
      EpochMonitor monitor = new EpochMonitor(jsc, NET, state, data, null, r -> { });
      new SparkTrainer(jsc).withMode(ExecutionMode.GANG).fit(data, NET, OPT, state, monitor,
          Checkpointer.NONE);
      assertArrayEquals(jobs.params(), state.params());
      assertEquals(2, monitor.records().size());
      assertTrue(monitor.records().stream().noneMatch(r -> Double.isNaN(r.valAccuracy())));
      jsc.sc().listenerBus().waitUntilEmpty();
      assertEquals(0, failed.get(), "no gang task may fail or be killed");
    } finally {
      jsc.setLocalProperty(TRANSPORT, null);
      jsc.sc().removeSparkListener(tasks);
    }
  }

  @ParameterizedTest
  @CsvSource({"auto, in-JVM", "tcp, tcp"})
  void tasksInTheDriversJvmJoinInJvmUnlessToldOtherwise(String transport, String expected,
      JavaSparkContext jsc) {
    jsc.setLocalProperty(TRANSPORT, transport);
    try (StepExecutor gang = GangSteps.start(jsc, data, NET, 1, 100)) {
      float[] params = NET.initialParameters(Initializer.GLOROT_UNIFORM,
          new SplittableRandom(1));
      assertEquals(2, gang.run(params, 0, 0).size());
      assertEquals(List.of(expected, expected), ((GangSteps) gang).transports());
    } finally {
      jsc.setLocalProperty(TRANSPORT, null);
    }
  }

  @Test
  void inATreeTaskZeroAnswersForEveryPartition(JavaSparkContext jsc) {
    jsc.setLocalProperty(TRANSPORT, "tcp");
    jsc.setLocalProperty(GangSetting.COMBINE.key(), "tree");
    try (StepExecutor gang = GangSteps.start(jsc, data, NET, 1, 100)) {
      float[] params = NET.initialParameters(Initializer.GLOROT_UNIFORM, new SplittableRandom(1));
      List<StepResult> one = gang.run(params, 0, 0);
      assertEquals(1, one.size());
      assertEquals(100, one.get(0).count()); // the whole batch: both partitions' examples
    } finally {
      jsc.setLocalProperty(TRANSPORT, null);
      jsc.setLocalProperty(GangSetting.COMBINE.key(), null);
    }
  }

  @Test
  void anUnknownTransportIsRefused(JavaSparkContext jsc) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> gang(jsc, "carrier-pigeon", null));
    assertTrue(e.getMessage().contains(TRANSPORT), e.getMessage());
  }
}
