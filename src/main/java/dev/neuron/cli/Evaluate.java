package dev.neuron.cli;

import dev.neuron.read.TableTargets;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.neuron.eval.Metrics;
import dev.neuron.eval.RegressionMetrics;
import dev.neuron.data.TrainingSet;
import dev.neuron.eval.MetricsReport;
import dev.neuron.eval.SparkEvaluator;
import dev.neuron.io.ModelFile;
import dev.neuron.io.OutputDir;
import dev.neuron.io.SavedModel;
import dev.neuron.read.ExampleSources;
import dev.neuron.read.Examples;
import dev.neuron.read.ReadSpec;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Evaluates a saved model on labelled data and writes {@code metrics.json} to {@code --out}, all
 * or nothing; prints a summary with the confusion matrix. A regression model is scored on the
 * real targets of a Parquet or header-CSV table ({@link TableTargets}): loss, mse, rmse, mae and
 * r2. Exit codes as {@link Train}.
 */
public final class Evaluate {
  private Evaluate() {}

  public static void main(String[] argv) {
    System.exit(run(argv));
  }

  static int run(String[] argv) {
    return ScoringJob.main(argv, "neuron-evaluate", Set.of("--top-k"), ScoreArgs.EVALUATE_USAGE,
        Evaluate::run);
  }

  /** Runs on a session the caller owns (and stops). */
  static int run(ScoreArgs args, SparkSession spark) {
    OutputDir output = null;
    try {
      int topK = args.positiveInt("--top-k", 5);
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      Configuration hadoop = jsc.hadoopConfiguration();
      SavedModel model = ModelFile.read(hadoop, args.get("--model"));
      ReadSpec spec = ScoringJob.readSpec(args, hadoop);
      TableTargets table = model.network().isRegression() ? regressionTable(args, spark, spec,
          model) : null;
      output = OutputDir.create(hadoop, args.get("--out"));
      if (table != null) {
        return regression(jsc, table, model, output, args.get("--out"));
      }
      System.out.printf("Evaluating %s on %s (%s)%n", model.network().describe(),
          args.get("--data"), spec.format().key());
      long t0 = System.nanoTime();
      Examples<?> data = ExampleSources.open(spark, args.get("--data"), spec,
          model.network().inputSize(), model.network().classes(), ReadSpec.Labels.REQUIRED);
      Metrics m = SparkEvaluator.evaluate(jsc, data, model.network(), model.params(), topK);
      double seconds = (System.nanoTime() - t0) / 1e9;
      if (m.count() == 0) {
        throw new dev.neuron.data.DataException(args.get("--data") + ": no valid records ("
            + m.skippedTotal() + " skipped)");
      }
      output.writeText("metrics.json", MetricsReport.json(m, seconds));
      output.commit();
      System.out.print(MetricsReport.summary(m, seconds));
      System.out.println("Saved " + args.get("--out") + "/metrics.json");
      return 0;
    } catch (Exception e) {
      // SparkException (checked in Scala, undeclared here) carries executors' data errors.
      if (output != null) {
        output.abort();
      }
      return ExitCode.of(e);
    }
  }

  /**
   * A regression model's rows: the target and feature columns given on the command line, else
   * those the model was trained on ({@code data.label_column}, {@code data.features_column} of its
   * training configuration); weighted by its {@code data.weight_column} when the table has it.
   */
  private static TableTargets regressionTable(ScoreArgs args, SparkSession spark, ReadSpec spec,
      SavedModel model) {
    String labels = args.has("--label-column") ? spec.labelColumn()
        : model.provenance().getOrDefault("data.label_column", spec.labelColumn());
    String features = args.has("--features-column") ? spec.featuresColumn()
        : model.provenance().getOrDefault("data.features_column", spec.featuresColumn());
    return TableTargets.open(spark, args.get("--data"), spec.format(), features, labels,
        model.provenance().getOrDefault("data.weight_column", ""), 0,
        TableTargets.Weights.IF_PRESENT);
  }

  /** {@code metrics.json}: count, loss, mse, rmse, mae, r2 (averaged and per output), seconds. */
  private static int regression(JavaSparkContext jsc, TableTargets table, SavedModel model,
      OutputDir output, String out) throws java.io.IOException {
    System.out.printf("Evaluating %s on %s%n", model.network().describe(), table.describe());
    long t0 = System.nanoTime();
    TrainingSet set = table.read(jsc.defaultParallelism(), model.network().outputSize()).set();
    RegressionMetrics m;
    try {
      if (set.inputs() != model.network().inputSize()) {
        throw new dev.neuron.data.DataException(table.describe() + ": expected "
            + model.network().inputSize() + " features (the model's input), found "
            + set.inputs());
      }
      m = SparkEvaluator.regression(jsc, set.blocks(), model.network(), model.params());
    } finally {
      set.release();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = MetricsReport.regression(mapper.createObjectNode(), m);
    root.put("seconds", seconds);
    output.writeText("metrics.json", mapper.writerWithDefaultPrettyPrinter()
        .writeValueAsString(root) + "\n");
    output.commit();
    System.out.println(MetricsReport.regressionLine(m));
    System.out.println("Saved " + out + "/metrics.json");
    return 0;
  }
}
