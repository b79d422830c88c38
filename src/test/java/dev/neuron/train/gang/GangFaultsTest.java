package dev.neuron.train.gang;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.neuron.LocalSpark;
import dev.neuron.nn.Network;
import dev.neuron.train.Checkpointer;
import dev.neuron.train.EpochMonitor;
import dev.neuron.train.ExecutionMode;
import dev.neuron.train.FaultInjection;
import dev.neuron.train.SparkTrainer;
import dev.neuron.train.StepStats;
import dev.neuron.train.TrainOptions;
import dev.neuron.train.TrainingListener;
import dev.neuron.data.TrainingSet;
import dev.neuron.train.TrainingState;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A gang that survives: each fault below ends a run with the bits of an undisturbed one. Two
 * epochs of 15 steps (1,500 examples, batch 100), two partitions; global step s is epoch s / 15.
 */
@ExtendWith(LocalSpark.class)
class GangFaultsTest {
  private static final Network NET = GangRuns.NET;
  private static final TrainOptions OPT = GangRuns.OPT;
  private static TrainingSet data;
  private static TrainingState undisturbed;

  @BeforeAll
  static void load() {
    data = GangRuns.data();
    undisturbed = new SparkTrainer(LocalSpark.jsc()).withMode(ExecutionMode.JOBS)
        .fit(data, NET, OPT, TrainingListener.NONE);
  }

  @AfterAll
  static void release() {
    data.release();
  }

  /**
   * Six task failures in one run, more than the four attempts Spark gives one stage: each failed
   * step is recomputed, on a new launch of the stage once Spark gives up on the old one.
   */
  @ParameterizedTest
  @ValueSource(strings = {"auto", "tcp"})
  void moreFailuresThanSparkGivesAStageStillEndWithTheSameBits(String transport,
      JavaSparkContext jsc) {
    TrainingState s = gang(jsc, transport, Map.of(FaultInjection.FAIL_TASK,
        "0:3,1:4,0:5,1:6,0:18,1:19#" + transport), TrainingListener.NONE);
    assertArrayEquals(undisturbed.params(), s.params());
  }

  /**
   * A task fails right after answering epoch 1's last step, while the trainer pauses the gang to
   * score the validation set: the retried stage's tasks must be stopped too, and must not join the
   * next epoch's gang.
   */
  @ParameterizedTest
  @ValueSource(strings = {"auto", "tcp"})
  void aFailureAfterAnEpochsLastStepWithValidationOn(String transport, JavaSparkContext jsc) {
    TrainingState state = SparkTrainer.initialState(NET, OPT);
    EpochMonitor monitor = new EpochMonitor(jsc, NET, state, data, null, r -> { });
    setAll(jsc, transport, Map.of(FaultInjection.FAIL_AFTER, "1:14#" + transport,
        GangSetting.TIMEOUT.key(), "20s"));
    try {
      new SparkTrainer(jsc).withMode(ExecutionMode.GANG).fit(data, NET, OPT, state, monitor,
          Checkpointer.NONE);
    } finally {
      setAll(jsc, null, Map.of(FaultInjection.FAIL_AFTER, "", GangSetting.TIMEOUT.key(), ""));
    }
    assertArrayEquals(undisturbed.params(), state.params());
    assertEquals(2, monitor.records().size());
  }

  /**
   * A member stops answering with its connection open (a frozen executor, a cut cable): after the
   * silence timeout the driver launches the stage anew instead of failing the run.
   */
  @ParameterizedTest
  @ValueSource(strings = {"auto", "tcp"})
  void aMemberSilentWithItsConnectionOpen(String transport, JavaSparkContext jsc) {
    TrainingState s = gang(jsc, transport, Map.of(FaultInjection.HANG_TASK, "1:7#" + transport,
        GangSetting.TIMEOUT.key(), "3s"), TrainingListener.NONE);
    assertArrayEquals(undisturbed.params(), s.params());
  }

  /**
   * The driver works between steps for longer than the tasks' silence timeout (a checkpoint to a
   * slow store): the tasks keep waiting, and none fails.
   */
  @ParameterizedTest
  @ValueSource(strings = {"auto", "tcp"})
  void aDriverBusyLongerThanTheSilenceTimeout(String transport, JavaSparkContext jsc)
      throws Exception {
    AtomicInteger failed = new AtomicInteger();
    SparkListener tasks = new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd e) {
        if (e.taskInfo().failed() || e.taskInfo().killed()) {
          failed.incrementAndGet();
        }
      }
    };
    TrainingListener slow = new TrainingListener() {
      @Override
      public void onStep(StepStats s) {
        if (s.step() == 4 || s.step() == 12) {
          try {
            Thread.sleep(4000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
    };
    jsc.sc().addSparkListener(tasks);
    try {
      TrainingState s = gang(jsc, transport, Map.of(GangSetting.TIMEOUT.key(), "2s"), slow);
      assertArrayEquals(undisturbed.params(), s.params());
      jsc.sc().listenerBus().waitUntilEmpty();
      assertEquals(0, failed.get(), "no gang task may fail or be killed");
    } finally {
      jsc.sc().removeSparkListener(tasks);
    }
  }

  private static TrainingState gang(JavaSparkContext jsc, String transport,
      Map<String, String> settings, TrainingListener listener) {
    setAll(jsc, transport, settings);
    try {
      return new SparkTrainer(jsc).withMode(ExecutionMode.GANG).fit(data, NET, OPT, listener);
    } finally {
      setAll(jsc, null, settings);
    }
  }

  /** Sets (or with a null transport, clears) the run's job-local properties. */
  private static void setAll(JavaSparkContext jsc, String transport, Map<String, String> settings) {
    jsc.setLocalProperty(GangSetting.TRANSPORT.key(), transport);
    settings.forEach((k, v) -> jsc.setLocalProperty(k, transport == null ? null : v));
  }
}
