package dev.neuron.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.neuron.eval.SparkPredictor;
import dev.neuron.io.ModelFile;
import dev.neuron.io.OutputDir;
import dev.neuron.io.SavedModel;
import dev.neuron.read.ExampleSources;
import dev.neuron.read.Examples;
import dev.neuron.read.ReadSpec;
import dev.neuron.read.SkipReason;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Scores data with a saved model and writes {@code --out/predictions} (Parquet, or CSV with a
 * header) and {@code --out/summary.json} (counts, skips by reason), all or nothing: the job writes
 * into a hidden staging directory that is renamed on success and deleted on failure.
 */
public final class Predict {
  private Predict() {}

  public static void main(String[] argv) {
    System.exit(run(argv));
  }

  static int run(String[] argv) {
    return ScoringJob.main(argv, "neuron-predict", Set.of("--output-format", "--probabilities"),
        ScoreArgs.PREDICT_USAGE, Predict::run);
  }

  /** Runs on a session the caller owns (and stops). */
  static int run(ScoreArgs args, SparkSession spark) {
    OutputDir output = null;
    try {
      String format = args.outputFormat();
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      Configuration hadoop = jsc.hadoopConfiguration();
      SavedModel model = ModelFile.read(hadoop, args.get("--model"));
      ReadSpec spec = ScoringJob.readSpec(args, hadoop);
      output = OutputDir.create(hadoop, args.get("--out"));
      long t0 = System.nanoTime();
      Examples<?> data = ExampleSources.open(spark, args.get("--data"), spec,
          model.network().inputSize(), model.network().classes(), ReadSpec.Labels.OPTIONAL);
      SparkPredictor.Predictions p = SparkPredictor.predict(spark, data, model.network(),
          model.params(), args.probabilities());
      DataFrameWriter<Row> writer = (format.equals("csv")
          ? p.flat(model.network().classes()) : p.rows()).write().format(format);
      if (format.equals("csv")) {
        writer = writer.option("header", true);
      }
      writer.save(output.file("predictions"));
      p.release();
      double seconds = (System.nanoTime() - t0) / 1e9;
      output.writeText("summary.json", summary(p, seconds, args));
      output.commit();
      System.out.printf("%d predictions in %.1fs (%.0f images/s), %d skipped -> %s/predictions%n",
          p.scored(), seconds, p.scored() / seconds, p.skippedTotal(), args.get("--out"));
      return 0;
    } catch (Exception e) {
      // SparkException (checked in Scala, undeclared here) carries executors' data errors.
      if (output != null) {
        output.abort();
      }
      return ExitCode.of(e);
    }
  }

  private static String summary(SparkPredictor.Predictions p, double seconds, ScoreArgs args) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("data", args.get("--data"));
    root.put("model", args.get("--model"));
    root.put("count", p.scored());
    ObjectNode skipped = root.putObject("skipped");
    skipped.put("total", p.skippedTotal());
    for (SkipReason r : SkipReason.values()) {
      skipped.put(r.key(), p.skipped(r));
    }
    root.put("seconds", seconds);
    try {
      return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
