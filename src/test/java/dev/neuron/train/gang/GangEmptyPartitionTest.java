package dev.neuron.train.gang;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import dev.neuron.data.Renumber;
import dev.neuron.train.SparkTrainer;
import dev.neuron.train.TrainOptions;
import dev.neuron.train.TrainingListener;
import dev.neuron.data.TrainingSet;
import dev.neuron.train.TrainingState;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A partition with no block (a DataFrame partition without rows, as {@code repartition} leaves
 * when rows are few) still has a gang task, which must join and answer every step with an empty
 * share: the run gives the bits of one job per step.
 */
@ExtendWith(LocalSpark.class)
class GangEmptyPartitionTest {
  private static final Network NET = Network.input(784).dense(16, Activation.RELU)
      .dense(10, Activation.SOFTMAX).loss(Loss.CATEGORICAL_CROSSENTROPY).build();
  private static final TrainOptions OPT = new TrainOptions(2, 100, RmsProp.defaults(),
      Initializer.GLOROT_UNIFORM, 5);

  @ParameterizedTest
  @ValueSource(strings = {"auto", "tcp", "tcp-tree"})
  void aPartitionWithNoBlockAnswersEmptyShares(String channel, JavaSparkContext jsc) {
    ExampleBlock b = Fixtures.mnist("train").read(new Configuration(), 0, 500, 10);
    // Two partitions, one block: parallelize puts it in the second, the first holds nothing.
    TrainingSet data = Renumber.toTrainingSet(jsc.parallelize(List.of(b), 2), 784, 10);
    jsc.setLocalProperty(GangSetting.TRANSPORT.key(), channel.startsWith("tcp") ? "tcp" : channel);
    jsc.setLocalProperty(GangSetting.COMBINE.key(), channel.endsWith("tree") ? "tree" : "star");
    try {
      assertEquals(List.of(0, 1), data.blocks().glom().map(List::size).collect());
      TrainingState jobs = new SparkTrainer(jsc).withMode(ExecutionMode.JOBS).fit(data, NET, OPT,
          TrainingListener.NONE);
      ModeChoice[] ran = new ModeChoice[1];
      TrainingState gang = new SparkTrainer(jsc).withMode(ExecutionMode.GANG).fit(data, NET, OPT,
          new TrainingListener() {
            @Override
            public void onStart(ModeChoice mode) {
              ran[0] = mode;
            }
          });
      assertEquals(ExecutionMode.GANG, ran[0].mode(), ran[0].reason());
      assertArrayEquals(jobs.params(), gang.params());
      assertEquals(jobs.history().get(1).loss(), gang.history().get(1).loss());
    } finally {
      jsc.setLocalProperty(GangSetting.TRANSPORT.key(), null);
      jsc.setLocalProperty(GangSetting.COMBINE.key(), null);
      data.release();
    }
  }
}
