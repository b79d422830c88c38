package dev.neuron.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.LocalSpark;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code weightCol} and {@code classWeights} in the Spark ML estimators: rows of weight 0 are
 * left out of the fit (a third of the rows carry wrong targets at weight 0, and the fit is as good
 * as on the clean rows alone, much better than ignoring the weights); class weights shift a
 * classifier on imbalanced classes towards the rare one; bad weights are refused naming the row.
 */
@ExtendWith(LocalSpark.class)
class WeightColTest {
  /** y = 2·x1 − x2 on clean rows (w = 1); y = 5 on every third row, which has w = 0. */
  private static Dataset<Row> noisy(SparkSession spark) {
    return new VectorAssembler().setInputCols(new String[] {"x1", "x2"}).setOutputCol("features")
        .transform(spark.range(3000).selectExpr("id", "rand(1) * 2 - 1 AS x1",
            "rand(2) * 2 - 1 AS x2").selectExpr("x1", "x2",
            "IF(id % 3 = 0, 5.0, 2 * x1 - x2) AS y", "IF(id % 3 = 0, 0.0, 1.0) AS w"))
        .repartition(2);
  }

  @Test
  void rowsOfWeightZeroAreLeftOutOfARegression(SparkSession spark) {
    Dataset<Row> data = noisy(spark).cache();
    Dataset<Row> clean = data.filter("w > 0");
    NeuronRegressor reg = new NeuronRegressor().setLabelCol("y").setLayers(new int[] {8})
        .setEpochs(6).setBatchSize(32).setLearningRate(0.02).setNumPartitions(2);
    RegressionEvaluator r2 = new RegressionEvaluator().setLabelCol("y").setMetricName("r2");
    double weighted = r2.evaluate(reg.copy(org.apache.spark.ml.param.ParamMap.empty())
        .setWeightCol("w").fit(data).transform(clean));
    double ignored = r2.evaluate(reg.fit(data).transform(clean));
    System.out.printf("R² on the clean rows: weighted fit %.4f, unweighted fit %.4f%n", weighted,
        ignored);
    assertTrue(weighted > 0.98, "weighted fit, R² on the clean rows " + weighted);
    assertTrue(ignored < 0.5, "unweighted fit, R² on the clean rows " + ignored);
  }

  @Test
  void balancedClassWeightsRaiseTheRareClasssRecall(SparkSession spark) {
    // Class 1 is 5 % of the rows and overlaps class 0: x ~ N(0, 1) against N(1.5, 1).
    Dataset<Row> data = new VectorAssembler().setInputCols(new String[] {"x"})
        .setOutputCol("features").transform(spark.range(4000).selectExpr(
            "CAST(IF(id % 20 = 0, 1, 0) AS DOUBLE) AS label").selectExpr("label",
            "randn(3) + 1.5 * label AS x")).repartition(2).cache();
    NeuronClassifier clf = new NeuronClassifier().setLayers(new int[] {4}).setEpochs(4)
        .setBatchSize(64).setLearningRate(0.02).setNumPartitions(2);
    MulticlassClassificationEvaluator recall = new MulticlassClassificationEvaluator()
        .setMetricName("recallByLabel").setMetricLabel(1);
    double plain = recall.evaluate(clf.fit(data).transform(data));
    double balanced = recall.evaluate(clf.setClassWeights("balanced").fit(data).transform(data));
    // Unweighted, predicting class 0 everywhere is nearly optimal; balanced, the classes count
    // alike (w_1 = 4000 / (2·200) = 10, w_0 = 4000 / (2·3800) ≈ 0.53), so most of class 1 is found.
    System.out.printf("recall of class 1: unweighted %.4f, balanced %.4f%n", plain, balanced);
    assertTrue(plain < 0.3, "recall of class 1 unweighted " + plain);
    assertTrue(balanced > 0.6, "recall of class 1 with balanced class weights " + balanced);
    assertEquals("balanced", clf.getClassWeights());
  }

  @Test
  void aNegativeWeightOrABadClassWeightIsRefused(SparkSession spark) {
    Dataset<Row> data = noisy(spark).selectExpr("features", "y", "IF(y = 5.0, -1.0, w) AS w");
    Exception e = assertThrows(Exception.class, () -> new NeuronRegressor().setLabelCol("y")
        .setWeightCol("w").setEpochs(1).setNumPartitions(1).fit(data));
    String message = String.valueOf(e.getMessage()) + (e.getCause() == null ? ""
        : e.getCause().getMessage());
    assertTrue(message.contains("column w: expected a finite weight of at least 0, found -1.0"),
        message);
    assertThrows(IllegalArgumentException.class,
        () -> new NeuronClassifier().setClassWeights("1,x"));
  }
}
