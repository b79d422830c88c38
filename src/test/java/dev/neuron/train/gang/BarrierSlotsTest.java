package dev.neuron.train.gang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.Fixtures;
import dev.neuron.LocalSpark;
import dev.neuron.data.ExampleBlock;
import dev.neuron.nn.Activation;
import dev.neuron.nn.Initializer;
import dev.neuron.nn.Loss;
import dev.neuron.nn.Network;
import dev.neuron.optim.RmsProp;
import dev.neuron.train.ExecutionMode;
import dev.neuron.train.ModeChoice;
import dev.neuron.train.SparkTrainer;
import dev.neuron.train.TrainOptions;
import dev.neuron.train.TrainingListener;
import dev.neuron.data.TrainingSet;
import dev.neuron.train.TrainingState;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The trainer runs the gang exactly where Spark would run its barrier stage, counting task slots
 * as Spark does (cores / spark.task.cpus, not spark.default.parallelism), and otherwise runs one
 * job per step at once. Each test has a local SparkContext of its own configuration, whose
 * barrier re-check is cut to one second: a gang launched without the slots fails within seconds
 * instead of ten minutes.
 */
@Timeout(300)
@ExtendWith(LocalSpark.class)
class BarrierSlotsTest {
  private static final Network NET = Network.input(784).dense(16, Activation.RELU)
      .dense(10, Activation.SOFTMAX).loss(Loss.CATEGORICAL_CROSSENTROPY).build();
  private static final TrainOptions OPT = new TrainOptions(1, 100, RmsProp.defaults(),
      Initializer.GLOROT_UNIFORM, 5);

  private static SparkConf local(String master) {
    return new SparkConf().setMaster(master).setAppName("barrier-slots-test")
        .set("spark.ui.enabled", "false")
        .set("spark.scheduler.barrier.maxConcurrentTasksCheck.maxFailures", "1")
        .set("spark.scheduler.barrier.maxConcurrentTasksCheck.interval", "1s");
  }

  /** Trains one epoch on {@code parts} partitions as {@code requested}; the mode that ran. */
  private static ModeChoice train(JavaSparkContext jsc, ExecutionMode requested, int... parts) {
    ExampleBlock b = Fixtures.mnist("train").read(new Configuration(), 0, 600, 10);
    TrainingSet data = TrainingSet.fromBlocks(jsc, List.of(Fixtures.split(b, parts)));
    ModeChoice[] ran = new ModeChoice[1];
    try {
      TrainingState s = new SparkTrainer(jsc).withMode(requested).fit(data, NET, OPT,
          new TrainingListener() {
            @Override
            public void onStart(ModeChoice mode) {
              ran[0] = mode;
            }
          });
      assertEquals(1, s.history().size());
    } finally {
      data.release();
    }
    return ran[0];
  }

  @Test
  void twoCpusPerTaskHalveTheSlots() {
    LocalSpark.withOwnContext(local("local[4]").set("spark.task.cpus", "2"), jsc -> {
      assertEquals(2, BarrierSlots.available(jsc.sc()));
      ModeChoice fits = train(jsc, ExecutionMode.AUTO, 300, 300);
      assertEquals(ExecutionMode.GANG, fits.mode(), fits.reason());
      for (ExecutionMode requested : List.of(ExecutionMode.AUTO, ExecutionMode.GANG)) {
        ModeChoice c = train(jsc, requested, 200, 200, 200);
        assertEquals(ExecutionMode.JOBS, c.mode(), c.reason());
        assertTrue(c.reason().contains("3 partitions need 3 task slots at once, but local[4]"
            + " offers 2 (spark.task.cpus=2)"), c.reason());
      }
    });
  }

  @Test
  void aHighDefaultParallelismAddsNoSlot() {
    LocalSpark.withOwnContext(local("local[2]").set("spark.default.parallelism", "8"), jsc -> {
      assertEquals(8, jsc.defaultParallelism());
      assertEquals(2, BarrierSlots.available(jsc.sc()));
      ModeChoice c = train(jsc, ExecutionMode.AUTO, 200, 200, 200);
      assertEquals(ExecutionMode.JOBS, c.mode(), c.reason());
      assertTrue(c.reason().startsWith("auto: 3 partitions need 3 task slots"), c.reason());
      ModeChoice fits = train(jsc, ExecutionMode.AUTO, 300, 300);
      assertEquals(ExecutionMode.GANG, fits.mode(), fits.reason());
      assertEquals("auto: the 2 partitions' tasks fit the 2 task slots at once", fits.reason());
    });
  }

  @Test
  void jobsModeIsTakenWhenAsked(JavaSparkContext jsc) {
    ModeChoice c = ModeChoice.of(jsc.sc(), ExecutionMode.JOBS, 1, StorageLevel.MEMORY_ONLY());
    assertEquals(new ModeChoice(ExecutionMode.JOBS, "requested (train.mode=jobs)"), c);
  }

  /** Data cached on disk alone may not fit in memory: auto never holds it all in gang tasks. */
  @Test
  void dataCachedOnDiskAloneRunsOneJobPerStepUnlessGangIsAsked(JavaSparkContext jsc) {
    for (StorageLevel memory : List.of(StorageLevel.MEMORY_ONLY(), StorageLevel.MEMORY_AND_DISK())) {
      assertEquals(ExecutionMode.GANG, ModeChoice.of(jsc.sc(), ExecutionMode.AUTO, 1, memory).mode());
    }
    ModeChoice c = ModeChoice.of(jsc.sc(), ExecutionMode.AUTO, 1, StorageLevel.DISK_ONLY());
    assertEquals(new ModeChoice(ExecutionMode.JOBS, "auto: the training data is cached at DISK_ONLY,"
        + " and a gang task would hold its whole block in memory for the run"), c);
    assertEquals(ExecutionMode.GANG,
        ModeChoice.of(jsc.sc(), ExecutionMode.GANG, 1, StorageLevel.DISK_ONLY()).mode());
  }

  /** Gang mode falls back to one job per step exactly where Spark would refuse its stage. */
  @Test
  void dynamicAllocationIsDetectedAsSparkDetectsIt() {
    String on = "spark.dynamicAllocation.enabled";
    List<SparkConf> confs = List.of(new SparkConf().setMaster("spark://host:7077"),
        new SparkConf().setMaster("spark://host:7077").set(on, "true"),
        new SparkConf().setMaster("yarn").set(on, "true"),
        new SparkConf().setMaster("local[2]").set(on, "true"),
        new SparkConf().setMaster("local[2]").set(on, "true")
            .set("spark.dynamicAllocation.testing", "true"));
    List<Boolean> expected = List.of(false, true, true, false, true);
    for (int i = 0; i < confs.size(); i++) {
      SparkConf c = confs.get(i);
      assertEquals(expected.get(i), BarrierSlots.dynamicAllocation(c), c.toDebugString());
      // Spark's own rule (internal API, so only here): a Spark upgrade that changes it fails this.
      assertEquals(Utils.isDynamicAllocationEnabled(c), BarrierSlots.dynamicAllocation(c),
          c.toDebugString());
    }
  }
}
