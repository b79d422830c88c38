package dev.neuron.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.neuron.LocalSpark;
import dev.neuron.nn.Activation;
import dev.neuron.nn.Loss;
import dev.neuron.nn.Network;
import dev.neuron.read.ExampleSources;
import dev.neuron.read.Examples;
import dev.neuron.read.InputFormat;
import dev.neuron.read.ReadSpec;
import dev.neuron.read.SkipReason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Evaluation metrics against a hand count: a linear softmax layer with z = (x1, x2, 0), so the
 * predicted class of each row is plain to see, over eight labelled rows plus two invalid ones.
 */
@ExtendWith(LocalSpark.class)
class HandCountTest {
  // x1, x2, label                      predicted  (true → predicted)
  private static final double[][] ROWS = {
      {2, 0, 0},    // 0 ok
      {0, 2, 1},    // 1 ok
      {-1, -1, 2},  // 2 ok
      {2, 0, 1},    // 0  1→0; class 1 ties class 2 below class 0: rank 1, in top 2
      {0, 3, 2},    // 1  2→1; class 2 ties class 0: rank 1, in top 2
      {0, 1, 1},    // 1 ok
      {-2, -1, 0},  // 2  0→2; classes 1 and 2 score higher: rank 2, not in top 2
      {1, 0, 0}};   // 0 ok

  @Test
  void metricsMatchAHandCount(SparkSession spark, JavaSparkContext jsc) throws Exception {
    Network net = Network.input(2).dense(3, Activation.SOFTMAX)
        .loss(Loss.CATEGORICAL_CROSSENTROPY).build();
    float[] params = {1, 0, 0, 0, 1, 0, 0, 0, 0};
    List<Row> rows = new ArrayList<>();
    for (double[] r : ROWS) {
      rows.add(RowFactory.create(new double[] {r[0], r[1]}, (int) r[2]));
    }
    rows.add(RowFactory.create(new double[] {1, 1}, 5));
    rows.add(RowFactory.create(new double[] {Double.NaN, 1}, 0));
    Examples<?> data = table(spark, rows, net, ReadSpec.Labels.REQUIRED);

    Metrics m = SparkEvaluator.evaluate(jsc, data, net, params, 2);

    assertConfusion(new long[][] {{2, 0, 1}, {1, 2, 0}, {0, 1, 1}}, m);
    assertEquals(8, m.count());
    assertEquals(5.0 / 8, m.accuracy(), 1e-12);
    assertEquals(7.0 / 8, m.topKAccuracy(), 1e-12);
    double[] precision = {2.0 / 3, 2.0 / 3, 1.0 / 2};
    double[] recall = {2.0 / 3, 2.0 / 3, 1.0 / 2};
    for (int c = 0; c < 3; c++) {
      assertEquals(precision[c], m.precision(c), 1e-12);
      assertEquals(recall[c], m.recall(c), 1e-12);
      assertEquals(precision[c], m.f1(c), 1e-12);
    }
    assertEquals(11.0 / 18, m.macroF1(), 1e-12);
    double loss = 0;
    for (double[] r : ROWS) {
      double[] z = {r[0], r[1], 0};
      double sum = Math.exp(z[0]) + Math.exp(z[1]) + Math.exp(z[2]);
      loss -= Math.log(Math.exp(z[(int) r[2]]) / sum);
    }
    assertEquals(loss / 8, m.loss(), 1e-5);
    assertEquals(1, m.skipped(SkipReason.LABEL_OUT_OF_RANGE));
    assertEquals(1, m.skipped(SkipReason.NOT_FINITE));
    assertEquals(2, m.skippedTotal());

    JsonNode json = new ObjectMapper().readTree(MetricsReport.json(m, 2.0));
    for (String key : List.of("count", "loss", "accuracy", "top_k_accuracy", "confusion",
        "per_class", "macro", "skipped", "images_per_second")) {
      assertEquals(true, json.has(key), "metrics.json has " + key);
    }
    assertEquals(2, json.get("confusion").get(1).get(1).asLong());
    assertEquals(1, json.get("confusion").get(0).get(2).asLong());
    assertEquals(0.5, json.get("per_class").get(2).get("precision").asDouble(), 1e-12);
    assertEquals(1, json.get("skipped").get("not_finite").asLong());
    assertEquals(5.0, json.get("images_per_second").asDouble(), 1e-9);
  }

  /**
   * A single sigmoid output tells two classes apart: y = σ(x) predicts class 1 where x ≥ 0.
   * Evaluation counts it as two classes, and prediction reports 1 − y and y.
   */
  @Test
  void aSingleSigmoidOutputIsTwoClasses(SparkSession spark, JavaSparkContext jsc) {
    Network net = Network.input(1).dense(1, Activation.SIGMOID)
        .loss(Loss.BINARY_CROSSENTROPY).build();
    float[] params = {1, 0};
    // x, label: predicted 1, 0, 1 (0→1), 0 (1→0), 1, 0
    double[][] examples = {{2, 1}, {-1, 0}, {1, 0}, {-3, 1}, {0.5, 1}, {-0.5, 0}};
    List<Row> rows = new ArrayList<>();
    double loss = 0;
    List<Double> ones = new ArrayList<>();
    for (double[] e : examples) {
      rows.add(RowFactory.create(new double[] {e[0]}, (int) e[1]));
      double y = 1 / (1 + Math.exp(-e[0]));
      loss -= Math.log(e[1] == 1 ? y : 1 - y);
      ones.add(y);
    }
    rows.add(RowFactory.create(new double[] {1}, 2));
    assertEquals(2, net.classes());

    Metrics m = SparkEvaluator.evaluate(jsc, table(spark, rows, net, ReadSpec.Labels.REQUIRED), net,
        params, 1);

    assertConfusion(new long[][] {{2, 1}, {1, 2}}, m);
    assertEquals(6, m.count());
    assertEquals(4.0 / 6, m.accuracy(), 1e-12);
    assertEquals(4.0 / 6, m.topKAccuracy(), 1e-12);
    assertEquals(loss / 6, m.loss(), 1e-5);
    assertEquals(1, m.skipped(SkipReason.LABEL_OUT_OF_RANGE));

    SparkPredictor.Predictions predicted = SparkPredictor.predict(spark,
        table(spark, rows.subList(0, examples.length), net, ReadSpec.Labels.OPTIONAL), net, params,
        ProbabilityOutput.ALL);
    List<Double> seen = new ArrayList<>();
    for (Row r : predicted.rows().collectAsList()) {
      int c = r.getInt(1);
      List<Float> all = r.getList(3);
      assertEquals(2, all.size());
      assertEquals(1.0, all.get(0) + all.get(1), 1e-6);
      assertEquals(all.get(1) >= 0.5f ? 1 : 0, c);
      assertEquals(all.get(c), r.getFloat(2));
      seen.add((double) all.get(1));
    }
    predicted.release();
    Collections.sort(seen);
    Collections.sort(ones);
    for (int i = 0; i < ones.size(); i++) {
      assertEquals(ones.get(i), seen.get(i), 1e-6);
    }
  }

  private static void assertConfusion(long[][] expected, Metrics m) {
    assertEquals(expected.length, m.classes());
    for (int t = 0; t < expected.length; t++) {
      for (int p = 0; p < expected.length; p++) {
        assertEquals(expected[t][p], m.confusion(t, p), "confusion[" + t + "][" + p + "]");
      }
    }
  }

  /** {@code (features, label)} rows as a three-partition table source for {@code net}. */
  private static Examples<?> table(SparkSession spark, List<Row> rows, Network net,
      ReadSpec.Labels labels) {
    var schema = DataTypes.createStructType(List.of(
        DataTypes.createStructField("features", DataTypes.createArrayType(DataTypes.DoubleType),
            false),
        DataTypes.createStructField("label", DataTypes.IntegerType, false)));
    var df = spark.createDataFrame(rows, schema).repartition(3);
    return ExampleSources.table(df, ReadSpec.of(InputFormat.PARQUET)
        .withInvalid(ReadSpec.Invalid.SKIP), net.inputSize(), net.classes(), labels, "fixture",
        false);
  }
}
