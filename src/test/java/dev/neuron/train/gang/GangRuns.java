package dev.neuron.train.gang;

import dev.neuron.Fixtures;
import dev.neuron.LocalSpark;
import dev.neuron.data.ExampleBlock;
import dev.neuron.nn.Activation;
import dev.neuron.nn.Initializer;
import dev.neuron.nn.Loss;
import dev.neuron.nn.Network;
import dev.neuron.optim.RmsProp;
import dev.neuron.train.TrainOptions;
import dev.neuron.data.TrainingSet;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * The gang tests' shared run: a small MNIST network, two epochs of 15 steps (1,500 examples,
 * batch 100) over two partitions of 700 and 800 examples.
 */
final class GangRuns {
  static final Network NET = Network.input(784).dense(32, Activation.RELU)
      .dense(10, Activation.SOFTMAX).loss(Loss.CATEGORICAL_CROSSENTROPY).build();
  static final TrainOptions OPT = new TrainOptions(2, 100, RmsProp.defaults(),
      Initializer.GLOROT_UNIFORM, 5);

  private GangRuns() {}

  static TrainingSet data() {
    ExampleBlock b = Fixtures.mnist("train").read(new Configuration(), 0, 1500, 10);
    return TrainingSet.fromBlocks(LocalSpark.jsc(), List.of(Fixtures.split(b, 700, 800)));
  }
}
