package dev.neuron.cli;

import dev.neuron.eval.Metrics;
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
 * or nothing; prints a summary with the confusion matrix. Exit codes as {@link Train}.
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
      output = OutputDir.create(hadoop, args.get("--out"));
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
}
