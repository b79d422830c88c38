package dev.neuron.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.neuron.LocalSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code task=regression} end to end in a real local SparkSession: two targets of two inputs
 * plus Gaussian noise of σ = 0.05, from a Parquet set of plain numeric columns and from CSV files
 * with a header; {@code metrics.json} reports loss, mse, rmse, mae and r2 averaged and per output
 * for train, validation and test, and the fit comes near the noise's bound. Bad rows and a
 * classification layer under a regression task fail with exit 2, naming the row or key.
 */
class TrainRegressionTest {
  @TempDir
  static Path tmp;
  static Path parquet;
  static Path parquetTest;
  static Path csv;

  @BeforeAll
  static void data() {
    SparkSession spark = LocalSpark.session();
    // y1 = 2·x1 + sin(3·x2), y2 = x1·x2 − x2, each plus noise of σ = 0.05. Var(y1) ≈ 1.33 + 0.5,
    // Var(y2) ≈ 0.11 + 0.33, so the best R² is ≈ 1 − 0.0025/1.8 and 1 − 0.0025/0.44 (≈ 0.994).
    String[] cols = {"rand(1) * 2 - 1 AS x1", "rand(2) * 2 - 1 AS x2"};
    String[] ys = {"x1", "x2", "2 * x1 + sin(3 * x2) + randn(3) * 0.05 AS y1",
        "x1 * x2 - x2 + randn(4) * 0.05 AS y2"};
    Dataset<Row> all = spark.range(5000).repartition(1).selectExpr(cols).selectExpr(ys);
    Dataset<Row>[] split = all.randomSplit(new double[] {0.8, 0.2}, 7);
    parquet = tmp.resolve("train.parquet");
    parquetTest = tmp.resolve("test.parquet");
    csv = tmp.resolve("train.csv");
    split[0].coalesce(2).write().parquet(parquet.toString());
    split[1].coalesce(1).write().parquet(parquetTest.toString());
    split[0].coalesce(2).write().option("header", "true").csv(csv.toString());
  }

  private static String[] args(Path data, String format, Path out, String... extra) {
    List<String> a = new ArrayList<>(List.of("--data", data.toString(), "--format", format,
        "--out", out.toString(), "--partitions", "2", "--epochs", "12", "--batch-size", "32",
        "--label-column", "y1,y2", "--set", "task=regression", "--set",
        "model.layers=32:tanh,2:linear", "--set", "model.loss=mean_squared_error", "--set",
        "optimizer=adam", "--set", "optimizer.learning_rate=0.01", "--set",
        "train.validation_split=0.1", "--set", "data.test=" + parquetTest));
    a.addAll(List.of(extra));
    return a.toArray(new String[0]);
  }

  @Test
  void trainsFromParquetAndCsvColumnsAndReportsEveryRegressionMetric() throws IOException {
    for (String[] run : new String[][] {{"parquet", parquet.toString()}, {"csv", csv.toString()}}) {
      Path out = tmp.resolve("out-" + run[0]);
      assertEquals(0, Train.run(args(Path.of(run[1]), run[0], out)), run[0]);
      JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
      for (String part : new String[] {"train", "validation", "test"}) {
        JsonNode p = m.get(part);
        assertTrue(p != null, run[0] + ": metrics.json lacks " + part + ": " + m);
        assertEquals(2, p.get("outputs").size(), run[0] + " " + part);
        double mse = 0;
        for (JsonNode o : p.get("outputs")) {
          assertEquals(Math.sqrt(o.get("mse").asDouble()), o.get("rmse").asDouble(), 1e-12);
          mse += o.get("mse").asDouble() / 2;
          // Near the noise bound (≈ 0.994), far above a constant's 0.
          assertTrue(o.get("r2").asDouble() > 0.95, run[0] + " " + part + ": " + o);
        }
        assertEquals(mse, p.get("mse").asDouble(), 1e-12);
        // The loss is the network's (mean squared error over both outputs): the mse's average.
        assertEquals(p.get("mse").asDouble(), p.get("loss").asDouble(), 1e-6);
        assertTrue(p.get("mae").asDouble() > 0 && p.get("r2").asDouble() < 1, part);
      }
      // randomSplit's 20 % of 5,000 rows, and train.validation_split's 10 % of the other 80 %.
      long test = m.get("test").get("count").asLong();
      long held = m.get("validation").get("count").asLong();
      assertTrue(test > 900 && test < 1100, "test rows " + test);
      assertTrue(held > 320 && held < 480, "validation rows " + held);
      assertEquals(test + held + m.get("train").get("count").asLong(), 5000);
      // The evaluation job scores the saved model on the same test rows alike (other partitions:
      // the sums differ only in rounding).
      Path eval = tmp.resolve("eval-" + run[0]);
      assertEquals(0, Evaluate.run(ScoreArgs.parse(new String[] {"--model", out.toString(),
          "--data", parquetTest.toString(), "--out", eval.toString()}, java.util.Set.of("--top-k"),
          ScoreArgs.EVALUATE_USAGE), LocalSpark.session()));
      JsonNode e = new ObjectMapper().readTree(eval.resolve("metrics.json").toFile());
      for (String k : new String[] {"count", "loss", "mse", "rmse", "mae", "r2"}) {
        assertEquals(m.get("test").get(k).asDouble(), e.get(k).asDouble(), 1e-6, k);
      }
      JsonNode epoch = m.get("epochs").get(0);
      assertTrue(epoch.has("loss") && epoch.has("val_loss"), epoch.toString());
      assertFalse(epoch.has("accuracy") || epoch.has("val_accuracy"), epoch.toString());
    }
  }

  @Test
  void aWeightColumnLeavesOutRowsOfWeightZeroAndWeightsTheMetrics() throws IOException {
    // The training rows again, plus 300 rows of wrong targets (y1 = y2 = 4) at weight 0.
    Path weighted = tmp.resolve("weighted.parquet");
    Dataset<Row> good = LocalSpark.session().read().parquet(parquet.toString())
        .selectExpr("x1", "x2", "y1", "y2", "1.0 AS w");
    Dataset<Row> bad = LocalSpark.session().range(300).selectExpr("rand(5) * 2 - 1 AS x1",
        "rand(6) * 2 - 1 AS x2", "4.0 AS y1", "4.0 AS y2", "0.0 AS w");
    good.union(bad).coalesce(2).write().parquet(weighted.toString());
    Path out = tmp.resolve("out-weighted");
    assertEquals(0, Train.run(args(weighted, "parquet", out, "--set", "data.weight_column=w",
        "--set", "train.validation_split=0")));
    JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    JsonNode train = m.get("train");
    // Weighted, the wrong rows count for nothing: the fit is near the noise bound on the rest.
    assertTrue(train.get("weighted").get("r2").asDouble() > 0.95, train.toString());
    assertEquals(train.get("count").asLong() - 300, train.get("weighted").get("weight").asLong());
    // Unweighted, the same predictions miss the 300 wrong targets by about 4 each.
    assertTrue(train.get("r2").asDouble() < 0.8, train.toString());
    assertFalse(m.get("test").has("weighted"), "the test table has no weight column");
    assertTrue(m.get("test").get("r2").asDouble() > 0.95, m.get("test").toString());
  }

  @Test
  void aTargetThatIsNotANumberFailsNamingTheRowAndColumn() throws IOException {
    Path bad = tmp.resolve("bad.csv");
    Files.createDirectories(bad);
    StringBuilder s = new StringBuilder("x1,x2,y1,y2\n");
    for (int i = 0; i < 30; i++) {
      s.append(i % 7 * 0.1).append(',').append(0.5).append(',')
          .append(i == 17 ? "n/a" : Double.toString(i * 0.01)).append(",1\n");
    }
    Files.writeString(bad.resolve("part-0.csv"), s);
    Path out = tmp.resolve("out-bad");
    TrainValidationTest.runArgs(out, args(bad, "csv", out, "--partitions", "1", "--set",
        "data.test=", "--set", "train.validation_split=0"))
        .fails(2, "partition 0, row 17: column label: expected finite values, found NaN at index 0");
  }

  @Test
  void aSoftmaxOutputOrImageInputIsRefusedForRegression() throws IOException {
    Path out = tmp.resolve("out-softmax");
    TrainValidationTest.runArgs(out, args(parquet, "parquet", out, "--set",
        "model.layers=32:relu,2:softmax")).fails(2, "expects a linear output layer");
    TrainValidationTest.runArgs(out, args(parquet, "images", out))
        .fails(2, "task=regression reads table columns");
    TrainValidationTest.runArgs(out, args(parquet, "parquet", out, "--set",
        "model.layers=32:relu,3:linear")).fails(2, "gives 2 targets per row");
  }
}
