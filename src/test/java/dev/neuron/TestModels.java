package dev.neuron;

import dev.neuron.data.ExampleBlock;
import dev.neuron.read.IdxDataset;
import dev.neuron.io.ModelFile;
import dev.neuron.io.SavedModel;
import dev.neuron.nn.Activation;
import dev.neuron.nn.Initializer;
import dev.neuron.nn.Loss;
import dev.neuron.nn.Network;
import dev.neuron.optim.RmsProp;
import dev.neuron.train.SparkTrainer;
import dev.neuron.train.TrainOptions;
import dev.neuron.train.TrainingListener;
import dev.neuron.data.TrainingSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A trained MNIST model for scoring tests: the reference topology (784 → 512 relu → 10 softmax)
 * fitted for one epoch on the first 3,000 training images. Trained once per test JVM.
 */
public final class TestModels {
  private static SavedModel mnist;
  private static Path saved;

  private TestModels() {}

  public static synchronized SavedModel mnist(JavaSparkContext jsc) {
    if (mnist == null) {
      IdxDataset train = Fixtures.mnist("train");
      ExampleBlock a = train.read(new Configuration(), 0, 1500, 10);
      ExampleBlock b = train.read(new Configuration(), 1500, 1500, 10);
      TrainingSet set = TrainingSet.fromBlocks(jsc, List.of(a, b));
      Network net = Network.input(784).dense(512, Activation.RELU).dense(10, Activation.SOFTMAX)
          .loss(Loss.CATEGORICAL_CROSSENTROPY).build();
      float[] params = new SparkTrainer(jsc).fit(set, net,
          new TrainOptions(1, 128, RmsProp.defaults(), Initializer.GLOROT_UNIFORM, 7L),
          TrainingListener.NONE).params();
      set.release();
      mnist = new SavedModel(net, params, Map.of("test", "TestModels.mnist"));
    }
    return mnist;
  }

  /** The model saved as a model directory (once per JVM); returns the directory. */
  public static synchronized Path savedMnist(JavaSparkContext jsc) throws Exception {
    if (saved == null) {
      Path dir = Files.createTempDirectory("neuron-model");
      ModelFile.write(new Configuration(), dir.resolve(ModelFile.NAME).toString(), mnist(jsc));
      saved = dir;
    }
    return saved;
  }
}
