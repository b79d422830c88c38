package dev.neuron.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.LocalSpark;
import dev.neuron.nn.Loss;
import dev.neuron.train.EpochRecord;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalSpark.class)
class NeuronRegressorTest {
  @TempDir
  Path dir;

  /** Two targets of two features: a = x1 − 2·x2 + 1 and b = 3·x1·x2, plus N(0, 0.05²) noise. */
  static Dataset<Row> plane(SparkSession spark, int n, long seed) {
    Dataset<Row> xs = spark.range(n).selectExpr("rand(" + seed + ") * 2 - 1 AS x1",
        "rand(" + (seed + 1) + ") * 2 - 1 AS x2");
    Dataset<Row> ys = xs.selectExpr("x1", "x2",
        "x1 - 2 * x2 + 1 + randn(" + (seed + 2) + ") * 0.05 AS a",
        "3 * x1 * x2 + randn(" + (seed + 3) + ") * 0.05 AS b");
    return new VectorAssembler().setInputCols(new String[] {"x1", "x2"})
        .setOutputCol("features").transform(new VectorAssembler()
            .setInputCols(new String[] {"a", "b"}).setOutputCol("targets").transform(ys))
        .repartition(3);
  }

  @Test
  void oneOutputInAPipelineScoredByRegressionEvaluatorAndRoundTripped(SparkSession spark)
      throws Exception {
    Dataset<Row> train = plane(spark, 2000, 1).cache();
    Dataset<Row> test = plane(spark, 500, 11).cache();
    NeuronRegressor reg = new NeuronRegressor().setLabelCol("a").setLayers(new int[] {8})
        .setEpochs(8).setBatchSize(32).setLearningRate(0.02).setNumPartitions(2)
        .setValidationFraction(0.1);
    PipelineModel model = new Pipeline().setStages(new PipelineStage[] {reg}).fit(train);
    Dataset<Row> scored = model.transform(test).cache();
    RegressionEvaluator eval = new RegressionEvaluator().setLabelCol("a");
    double r2 = eval.setMetricName("r2").evaluate(scored);
    double rmse = eval.setMetricName("rmse").evaluate(scored);
    // Var(a) = 1/3 + 4/3 = 5/3 against a noise variance of 0.0025: the bound is R² ≈ 0.9985.
    assertTrue(r2 > 0.98, "r2 " + r2);
    assertTrue(rmse < 0.2, "rmse " + rmse);
    NeuronRegressionModel nm = (NeuronRegressionModel) model.stages()[0];
    assertEquals(1, nm.numOutputs());
    List<EpochRecord> history = nm.history();
    assertEquals(8, history.size());
    assertTrue(history.stream().allMatch(r -> r.hasValidation() && Double.isNaN(r.accuracy())));
    assertTrue(history.get(7).valLoss() < history.get(0).valLoss());

    String path = dir.resolve("pipeline").toString();
    model.write().overwrite().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    NeuronRegressionModel lm = (NeuronRegressionModel) loaded.stages()[0];
    assertArrayEquals(nm.weights(), lm.weights());
    assertEquals(nm.network(), lm.network());
    assertEquals(scored.select("prediction").collectAsList(),
        loaded.transform(test).select("prediction").collectAsList());

    String estimator = dir.resolve("estimator").toString();
    reg.setLoss("huber").setDelta(0.25).write().save(estimator);
    NeuronRegressor back = NeuronRegressor.load(estimator);
    assertEquals("huber", back.getLoss());
    assertEquals(0.25, back.getDelta());
  }

  @Test
  void aVectorLabelTrainsSeveralOutputsWithHuber(SparkSession spark) {
    Dataset<Row> train = plane(spark, 2000, 21).cache();
    NeuronRegressionModel model = new NeuronRegressor().setLabelCol("targets")
        .setLayers(new int[] {16}).setActivation("tanh").setEpochs(10).setBatchSize(32)
        .setLearningRate(0.02).setNumPartitions(3).setLoss("huber").setDelta(0.5).fit(train);
    assertEquals(2, model.numOutputs());
    assertEquals(Loss.HUBER, model.network().loss());
    assertEquals(0.5f, model.network().huberDelta());
    double sse0 = 0;
    double sse1 = 0;
    List<Row> rows = model.transform(plane(spark, 300, 31)).select("prediction", "a", "b")
        .collectAsList();
    for (Row r : rows) {
      double[] p = ((Vector) r.get(0)).toArray();
      sse0 += Math.pow(p[0] - r.getDouble(1), 2);
      sse1 += Math.pow(p[1] - r.getDouble(2), 2);
    }
    // Var(b) = 9·(1/3)² = 1: an RMSE of 0.3 is R² ≈ 0.91.
    assertTrue(Math.sqrt(sse0 / rows.size()) < 0.2, "rmse a " + Math.sqrt(sse0 / rows.size()));
    assertTrue(Math.sqrt(sse1 / rows.size()) < 0.3, "rmse b " + Math.sqrt(sse1 / rows.size()));
  }

  @Test
  void badLabelsAndSettingsAreRefusedNamingTheColumn(SparkSession spark) {
    Dataset<Row> data = plane(spark, 50, 41).selectExpr("features", "a",
        "CASE WHEN x1 > 0.5 THEN CAST('NaN' AS DOUBLE) ELSE a END AS holey", "'x' AS text");
    IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
        () -> new NeuronRegressor().setLabelCol("text").fit(data));
    assertTrue(text.getMessage().contains("column text: expected a number or a vector"),
        text.getMessage());
    Exception nan = assertThrows(Exception.class,
        () -> new NeuronRegressor().setLabelCol("holey").setEpochs(1).fit(data));
    assertTrue(NeuronClassifierTest.rootMessage(nan).contains("column holey: expected finite"
        + " values"), NeuronClassifierTest.rootMessage(nan));
    IllegalArgumentException accuracy = assertThrows(IllegalArgumentException.class,
        () -> new NeuronRegressor().setLabelCol("a").setPatience(1).setMonitor("accuracy")
            .fit(data));
    assertTrue(accuracy.getMessage().contains("no accuracy"), accuracy.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new NeuronRegressor().setLoss("hinge"));
    assertThrows(IllegalArgumentException.class, () -> new NeuronRegressor().setDelta(0));
  }
}
