package dev.neuron.train.gang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.LocalSpark;
import dev.neuron.data.TrainingSet;
import dev.neuron.nn.Initializer;
import dev.neuron.nn.Network;
import dev.neuron.train.StepExecutor;
import dev.neuron.train.Traffic;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The gang counts its synchronizations, and over TCP the bytes each one moves at the driver. */
@ExtendWith(LocalSpark.class)
class GangTrafficTest {
  private static final Network NET = GangRuns.NET;
  private static TrainingSet data;

  @BeforeAll
  static void load() {
    data = GangRuns.data();
  }

  @AfterAll
  static void release() {
    data.release();
  }

  @ParameterizedTest
  @ValueSource(strings = {"auto", "star", "tree"})
  void everyStepIsOneSyncAndOnlyTcpMovesBytes(String channel, JavaSparkContext jsc) {
    jsc.setLocalProperty(GangSetting.TRANSPORT.key(), channel.equals("auto") ? "auto" : "tcp");
    jsc.setLocalProperty(GangSetting.COMBINE.key(), channel.equals("tree") ? "tree" : "star");
    try (StepExecutor gang = GangSteps.start(jsc, data, NET, 1, 100)) {
      float[] params = NET.initialParameters(Initializer.GLOROT_UNIFORM, new SplittableRandom(1));
      Traffic before = gang.traffic();
      assertEquals(Traffic.NONE, before);
      for (int step = 0; step < 3; step++) {
        gang.run(params, 0, step);
        Traffic now = gang.traffic();
        assertEquals(step + 1, now.syncs());
        Traffic d = now.minus(before);
        if (channel.equals("auto")) {
          assertEquals(new Traffic(1, 0, 0), d, "members in the driver's JVM move no bytes");
        } else {
          // Weights out to every answering member (one in a tree), a gradient back from each.
          assertTrue(d.bytesSent() > 0 && d.bytesReceived() > 0, channel + " step " + step
              + ": " + d);
        }
        before = now;
      }
    } finally {
      jsc.setLocalProperty(GangSetting.TRANSPORT.key(), null);
      jsc.setLocalProperty(GangSetting.COMBINE.key(), null);
    }
  }
}
