package dev.neuron.cli;

import dev.neuron.data.DataException;
import dev.neuron.read.DataIdentity;
import dev.neuron.eval.Metrics;
import dev.neuron.eval.RegressionMetrics;
import dev.neuron.eval.SparkEvaluator;
import dev.neuron.nn.Network;
import dev.neuron.read.DecodedBlocks;
import dev.neuron.read.ExampleSources;
import dev.neuron.read.Examples;
import dev.neuron.read.IdxBlocks;
import dev.neuron.read.IdxDataset;
import dev.neuron.read.InputFormat;
import dev.neuron.read.InputWidth;
import dev.neuron.read.ReadSpec;
import dev.neuron.read.RowBlocks;
import dev.neuron.read.SkipReason;
import dev.neuron.read.TableTargets;
import dev.neuron.data.TrainingSet;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The training job's data as the configuration names it. IDX ({@code data.format=idx}, the
 * reference): {@code data.dir} holds {@code <data.train>-images/labels-idx*-ubyte}, read into
 * blocks by range as before. Parquet, CSV and image folders: {@code data.dir} is the data set,
 * decoded by the scoring jobs' readers ({@link DecodedBlocks}) with the configured columns and
 * invalid-record policy; its feature count is the first record's ({@link InputWidth}). The test
 * set ({@code data.test}) is an IDX prefix in {@code data.dir}, or a path of any readable layout.
 * Regression ({@code task=regression}): real targets from table columns ({@link TableTargets}),
 * converted into cached blocks when the input is opened; the test set a table of the same columns.
 */
final class TrainInput {
  /** Built on first use: Parquet, CSV and images need Spark SQL, IDX does not. */
  private final Supplier<SparkSession> spark;
  private final Configuration hadoop;
  private final TrainConfig config;
  private final InputFormat format;
  private final IdxDataset idx;
  private final int features;
  /** Regression: the training rows, already converted (their width is known only then). */
  private final RowBlocks.Converted targets;

  private TrainInput(Supplier<SparkSession> spark, Configuration hadoop, TrainConfig config,
      InputFormat format, IdxDataset idx, int features, RowBlocks.Converted targets) {
    this.spark = spark;
    this.hadoop = hadoop;
    this.config = config;
    this.format = format;
    this.idx = idx;
    this.features = features;
    this.targets = targets;
  }

  /**
   * Reads headers (IDX) or the first record (others); no data is decoded yet, except for
   * regression, whose table rows are converted into {@code partitions} cached blocks here.
   */
  static TrainInput open(Supplier<SparkSession> spark, Configuration hadoop, TrainConfig config,
      int partitions) {
    InputFormat format = config.data().format();
    String dir = config.data().dir();
    if (config.readsTable()) {
      TableTargets table = table(spark.get(), config, dir, format,
          TableTargets.Weights.REQUIRED);
      System.out.println("Train: " + table.describe());
      RowBlocks.Converted c = table.read(partitions, 0);
      return new TrainInput(spark, hadoop, config, format, null, c.set().inputs(), c);
    }
    if (format == InputFormat.IDX) {
      IdxDataset idx = IdxDataset.inDirectory(hadoop, dir, config.data().train());
      return new TrainInput(spark, hadoop, config, format, idx, idx.features(), null);
    }
    return new TrainInput(spark, hadoop, config, format, null,
        InputWidth.of(spark.get(), dir, config.data().readSpec(format)), null);
  }

  /** The configured columns of the table at {@code path}. */
  private static TableTargets table(SparkSession spark, TrainConfig config, String path,
      InputFormat format, TableTargets.Weights weights) {
    DataConfig data = config.data();
    return TableTargets.open(spark, path, format, data.featuresColumn(), data.labelColumn(),
        data.weightColumn(),
        config.regression() ? 0 : config.network(1).classes(), weights);
  }

  int features() {
    return features;
  }

  /**
   * Checks that the network's outputs match the data's targets (regression: the target columns'
   * width; classes are checked when labels are read).
   */
  void check(Network net) {
    if (targets != null && targets.outputs() != net.outputSize()) {
      targets.set().release();
      throw new ConfigException("model.layers: the output layer has " + net.outputSize()
          + " units, but data.label_column (" + config.data().labelColumn() + ") gives "
          + targets.outputs() + " targets per row");
    }
  }

  /** Releases what {@link #open} cached when the run ends before {@link #read}. */
  void release() {
    if (targets != null) {
      targets.set().release();
    }
  }

  /** What identifies the training files for a checkpoint ({@link DataIdentity}). */
  String identity(org.apache.hadoop.conf.Configuration conf) {
    return idx != null ? DataIdentity.of(conf, idx) : DataIdentity.ofTree(conf,
        config.data().dir());
  }

  /** E.g. {@code 60000 examples from data/mnist} or {@code images in DIR}, for the header. */
  String describe() {
    return idx != null ? idx.count() + " examples from " + config.data().dir()
        : format.key() + " in " + config.data().dir();
  }

  /** Decodes the training data into {@code partitions} cached blocks. */
  TrainingSet read(JavaSparkContext jsc, int partitions, int classes) {
    if (targets != null) {
      return targets.set();
    }
    if (idx != null) {
      return IdxBlocks.cached(jsc, idx, partitions, classes, config.data().storageLevel());
    }
    ReadSpec spec = config.data().readSpec(format);
    Examples<?> examples = ExampleSources.open(spark.get(), config.data().dir(), spec, features,
        classes, ReadSpec.Labels.REQUIRED);
    DecodedBlocks.Result r = DecodedBlocks.read(jsc, examples, partitions, classes,
        config.data().storageLevel());
    long skipped = 0;
    StringBuilder why = new StringBuilder();
    for (SkipReason reason : SkipReason.values()) {
      long n = r.skipped()[reason.ordinal()];
      if (n > 0) {
        skipped += n;
        why.append(why.length() == 0 ? "" : ", ").append(reason.key()).append(' ').append(n);
      }
    }
    System.out.printf("Train: %d %s examples decoded from %s%s%n", r.set().count(), format.key(),
        config.data().dir(), skipped == 0 ? "" : "; skipped " + skipped + " (" + why + ")");
    return r.set();
  }

  /** The test set, opened (headers checked) before training; null when data.test is empty. */
  Test test(int classes) {
    String test = config.data().test();
    if (test.isEmpty()) {
      return null;
    }
    if (!test.contains("/")) {
      if (format != InputFormat.IDX) {
        throw new ConfigException("data.test: '" + test + "' names IDX files in data.dir, which"
            + " holds " + format.key() + " data; give the test set's path, e.g."
            + " data/mnist/t10k");
      }
      IdxDataset t = IdxDataset.inDirectory(hadoop, config.data().dir(), test);
      if (t.features() != idx.features()) {
        throw new DataException(String.format("%s: header, field rows×cols: expected %d×%d like"
            + " the training images, found %d×%d", t.images().path(), idx.images().rows(),
            idx.images().cols(), t.images().rows(), t.images().cols()));
      }
      return new Test(t, null, null);
    }
    InputFormat f = ExampleSources.infer(hadoop, test);
    if (targets != null) {
      // A test table without the weight column is scored unweighted.
      TableTargets table = table(spark.get(), config, test, f, TableTargets.Weights.IF_PRESENT);
      System.out.println("Test: " + table.describe());
      return new Test(null, null, table);
    }
    return new Test(null, ExampleSources.open(spark.get(), test, config.data().readSpec(f),
        features, classes, ReadSpec.Labels.REQUIRED), null);
  }

  /**
   * A test set: IDX files read into blocks, any layout streamed through its readers, or (for
   * regression) table rows with real targets.
   */
  record Test(IdxDataset idx, Examples<?> examples, TableTargets table) {
    /** A regression network's errors on the test rows, read once into blocks and released. */
    RegressionMetrics regression(JavaSparkContext jsc, Network net, float[] params,
        int partitions) {
      TrainingSet set = tableRows(net, partitions);
      try {
        return SparkEvaluator.regression(jsc, set.blocks(), net, params);
      } finally {
        set.release();
      }
    }

    private TrainingSet tableRows(Network net, int partitions) {
      TrainingSet set = table.read(partitions, net.outputSize()).set();
      if (set.inputs() != net.inputSize()) {
        set.release();
        throw new DataException("data.test: expected " + net.inputSize() + " features per row"
            + " (as the training rows), found " + set.inputs());
      }
      return set;
    }

    Metrics evaluate(JavaSparkContext jsc, Network net, float[] params, int partitions, int topK) {
      if (table != null) {
        TrainingSet set = tableRows(net, partitions);
        try {
          return SparkEvaluator.evaluate(jsc, set.blocks(), net, params, topK);
        } finally {
          set.release();
        }
      }
      if (examples != null) {
        return SparkEvaluator.evaluate(jsc, examples, net, params, topK);
      }
      // One pass: scored straight from the files, not cached first.
      return SparkEvaluator.evaluate(jsc, IdxBlocks.read(jsc, idx, partitions,
          net.outputSize()), net, params, topK);
    }
  }
}
