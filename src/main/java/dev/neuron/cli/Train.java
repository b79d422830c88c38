package dev.neuron.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.neuron.data.DataException;
import dev.neuron.data.IdxDataset;
import dev.neuron.eval.Metrics;
import dev.neuron.eval.SparkEvaluator;
import dev.neuron.io.FormatException;
import dev.neuron.io.ModelFile;
import dev.neuron.io.OutputDir;
import dev.neuron.io.SavedModel;
import dev.neuron.linalg.Blas;
import dev.neuron.nn.Network;
import dev.neuron.train.BlasSurvey;
import dev.neuron.train.DivergenceException;
import dev.neuron.train.EpochStats;
import dev.neuron.train.ExecutorBlas;
import dev.neuron.train.SparkTrainer;
import dev.neuron.train.TrainOptions;
import dev.neuron.train.TrainingSet;
import dev.neuron.train.TrainingState;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Trains a network on IDX data, evaluates it on the test files, and writes {@code model.nrn} and
 * {@code metrics.json} to the output directory, all or nothing.
 */
public final class Train {
  private Train() {}

  public static void main(String[] argv) {
    System.exit(run(argv));
  }

  static int run(String[] argv) {
    try {
      Args args = Args.parse(argv);
      TrainConfig config = TrainConfig.load(args.config(), args.overrides());
      return train(config);
    } catch (ConfigException | DataException | FormatException | IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    } catch (DivergenceException e) {
      System.err.println("error: " + e.getMessage());
      return 3;
    }
  }

  static int train(TrainConfig config) {
    String out = config.get("out").isEmpty() ? "runs/mnist-mlp-"
        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-seed"
        + config.seed() : config.get("out");
    int partitions = config.getInt("train.partitions");
    SparkSession spark = Sessions.start("neuron-train", config.get("master"), partitions);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration hadoop = jsc.hadoopConfiguration();
    OutputDir output = null;
    try {
      IdxDataset trainData = IdxDataset.inDirectory(hadoop, config.get("data.dir"),
          config.get("data.train"));
      Network net = config.network(trainData.features());
      TrainOptions options = config.trainOptions();
      output = OutputDir.create(hadoop, out);
      System.out.printf("Neuron: %s, %s, batch %s, %d epochs, seed %d, %d partitions on %s%n",
          net.describe(), options.optimizer(), config.get("train.batch_size"), options.epochs(),
          options.seed(), partitions, jsc.master());
      System.out.printf("BLAS: %s; train: %d examples from %s%n", Blas.implementation(),
          trainData.count(), config.get("data.dir"));

      TrainingSet train = TrainingSet.fromIdx(jsc, trainData, partitions, net.outputSize());
      List<ExecutorBlas> executorsBlas = BlasSurvey.of(train.blocks());
      for (ExecutorBlas e : executorsBlas) {
        System.out.printf("BLAS on executor %s (%s, pid %d): %s%n", e.executor(), e.host(),
            e.pid(), e.implementation());
      }
      ConsoleProgress progress = new ConsoleProgress(System.out, System.console() != null);
      TrainingState result = new SparkTrainer(jsc).fit(train, net, options, progress);
      train.release();

      Metrics test = null;
      if (!config.get("data.test").isEmpty()) {
        IdxDataset testData = IdxDataset.inDirectory(hadoop, config.get("data.dir"),
            config.get("data.test"));
        TrainingSet testSet = TrainingSet.fromIdx(jsc, testData, partitions, net.outputSize());
        test = SparkEvaluator.evaluate(jsc, testSet.blocks(), net, result.params(),
            config.getInt("eval.top_k"));
        testSet.release();
        System.out.printf("Test: loss %.4f - accuracy %.4f (%d images)%n", test.loss(),
            test.accuracy(), test.count());
      }
      ModelFile.write(hadoop, output.file(ModelFile.NAME),
          new SavedModel(net, result.params(), config.asMap()));
      output.writeText("metrics.json", metricsJson(config, partitions, result, test,
          executorsBlas));
      output.commit();
      System.out.println("Saved " + out);
      return 0;
    } catch (RuntimeException e) {
      if (output != null) {
        output.abort();
      }
      throw e;
    } finally {
      spark.stop();
    }
  }

  static String metricsJson(TrainConfig config, int partitions, TrainingState state,
      Metrics test, List<ExecutorBlas> executorsBlas) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    ArrayNode epochs = root.putArray("epochs");
    for (EpochStats e : state.history()) {
      epochs.addObject().put("epoch", e.epoch()).put("loss", e.loss())
          .put("accuracy", e.accuracy()).put("seconds", e.seconds())
          .put("samples_per_second", e.samplesPerSecond());
    }
    if (test != null) {
      root.putObject("test").put("loss", test.loss()).put("accuracy", test.accuracy())
          .put("top_k_accuracy", test.topKAccuracy()).put("count", test.count());
    }
    root.put("seed", config.seed());
    root.put("partitions", partitions);
    root.put("blas", Blas.implementation());
    ArrayNode executors = root.putArray("executors_blas");
    for (ExecutorBlas e : executorsBlas) {
      executors.addObject().put("executor", e.executor()).put("host", e.host())
          .put("pid", e.pid()).put("implementation", e.implementation())
          .put("netlib", e.netlibSource()).put("native_library", e.nativeLibrary());
    }
    ObjectNode conf = root.putObject("config");
    config.asMap().forEach(conf::put);
    try {
      return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
