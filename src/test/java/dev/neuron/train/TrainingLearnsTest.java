package dev.neuron.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.Fixtures;
import dev.neuron.LocalSpark;
import dev.neuron.data.ExampleBlock;
import dev.neuron.data.TrainingSet;
import dev.neuron.eval.Metrics;
import dev.neuron.eval.SparkEvaluator;
import dev.neuron.nn.Activation;
import dev.neuron.nn.Initializer;
import dev.neuron.nn.Loss;
import dev.neuron.nn.Network;
import dev.neuron.optim.RmsProp;
import dev.neuron.optim.Sgd;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Short runs on real MNIST data learn far above chance (10 %), and a seed fixes the result. */
@ExtendWith(LocalSpark.class)
class TrainingLearnsTest {
  private static final Network NET = Network.input(784).dense(64, Activation.RELU)
      .dense(10, Activation.SOFTMAX).loss(Loss.CATEGORICAL_CROSSENTROPY).build();

  @Test
  void rmspropLearnsMnistSubset(JavaSparkContext jsc) {
    Configuration conf = new Configuration();
    ExampleBlock train = Fixtures.mnist("train").read(conf, 0, 10000, 10);
    TrainingSet data = TrainingSet.fromBlocks(jsc, List.of(Fixtures.split(train, 4500, 5500)));
    TrainOptions opt = new TrainOptions(2, 128, RmsProp.defaults(), Initializer.GLOROT_UNIFORM, 7);
    TrainingState first = new SparkTrainer(jsc).fit(data, NET, opt, TrainingListener.NONE);
    TrainingState second = new SparkTrainer(jsc).fit(data, NET, opt, TrainingListener.NONE);
    data.release();

    assertEquals(2, first.history().size());
    assertTrue(first.history().get(1).loss() < first.history().get(0).loss(),
        "training loss falls: " + first.history());
    assertArrayEquals(first.params(), second.params(), "the same seed gives the same weights");

    ExampleBlock test = Fixtures.mnist("t10k").read(conf, 0, 2000, 10);
    Metrics m = SparkEvaluator.evaluate(jsc, jsc.parallelize(List.of(test), 1), NET,
        first.params(), 5);
    assertEquals(2000, m.count());
    assertTrue(m.accuracy() > 0.85, "test accuracy " + m.accuracy());
  }

  @Test
  void fullBatchGradientDescentTakesOneStepPerEpochAndLowersTheLoss(JavaSparkContext jsc) {
    ExampleBlock train = Fixtures.mnist("train").read(new Configuration(), 0, 1000, 10);
    TrainingSet data = TrainingSet.fromBlocks(jsc, List.of(Fixtures.split(train, 400, 600)));
    TrainOptions opt = new TrainOptions(8, TrainOptions.FULL_BATCH, Sgd.plain(0.5f),
        Initializer.GLOROT_UNIFORM, 3);
    int[] steps = new int[1];
    TrainingListener count = new TrainingListener() {
      @Override
      public void onStep(StepStats s) {
        steps[0]++;
        assertEquals(1000, s.count());
      }
    };
    TrainingState s = new SparkTrainer(jsc).fit(data, NET, opt, SparkTrainer.initialState(NET, opt),
        count, Checkpointer.NONE);
    data.release();
    assertEquals(8, steps[0]);
    assertTrue(s.history().get(7).loss() < 0.7 * s.history().get(0).loss(), s.history().toString());
  }
}
