package dev.neuron.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.LocalSpark;
import dev.neuron.io.FormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalSpark.class)
class NeuronClassifierTest {
  @TempDir
  Path dir;

  /** Three Gaussian blobs in 3-D with string class names; well separated, so easy to learn. */
  static Dataset<Row> blobs(SparkSession spark, int n, long seed) {
    return spark.range(n).selectExpr(
        "element_at(array('setosa', 'versicolor', 'virginica'), CAST(id % 3 AS INT) + 1)"
            + " AS species",
        "CAST(id % 3 AS DOUBLE) * 2 + randn(" + seed + ") * 0.5 AS x1",
        "CAST(id % 3 AS DOUBLE) - randn(" + (seed + 1) + ") * 0.5 AS x2",
        "randn(" + (seed + 2) + ") AS x3").repartition(3);
  }

  static Pipeline pipeline(NeuronClassifier clf) {
    return new Pipeline().setStages(new PipelineStage[] {
        new StringIndexer().setInputCol("species").setOutputCol("label"),
        new VectorAssembler().setInputCols(new String[] {"x1", "x2", "x3"})
            .setOutputCol("features"),
        clf});
  }

  @Test
  void pipelineTrainsScoresAndRoundTripsThroughSaveAndLoad(SparkSession spark) throws Exception {
    Dataset<Row> train = blobs(spark, 1500, 1).cache();
    Dataset<Row> test = blobs(spark, 600, 11).cache();
    NeuronClassifier clf = new NeuronClassifier().setLayers(new int[] {16}).setEpochs(4)
        .setBatchSize(64).setLearningRate(0.02).setNumPartitions(2);
    PipelineModel model = pipeline(clf).fit(train);
    Dataset<Row> scored = model.transform(test).cache();
    double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
        .evaluate(scored);
    assertTrue(accuracy > 0.9, "accuracy " + accuracy);
    NeuronClassificationModel nm = (NeuronClassificationModel) model.stages()[2];
    assertEquals(3, nm.numClasses());
    assertEquals(3, nm.numFeatures());
    assertEquals(4, nm.history().size());

    List<Row> rows = scored.select("rawPrediction", "probability", "prediction").collectAsList();
    for (Row r : rows) {
      double[] raw = ((Vector) r.get(0)).toArray();
      double[] p = ((Vector) r.get(1)).toArray();
      double max = Math.max(raw[0], Math.max(raw[1], raw[2]));
      double z = 0;
      for (double v : raw) {
        z += Math.exp(v - max);
      }
      int argmax = 0;
      for (int i = 0; i < 3; i++) {
        assertEquals(Math.exp(raw[i] - max) / z, p[i], 1e-6, "probability = softmax(raw)");
        argmax = p[i] > p[argmax] ? i : argmax;
      }
      assertEquals(argmax, r.getDouble(2));
    }

    String path = dir.resolve("pipeline").toString();
    model.write().overwrite().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    NeuronClassificationModel lm = (NeuronClassificationModel) loaded.stages()[2];
    assertEquals(nm.uid(), lm.uid());
    assertArrayEquals(nm.weights(), lm.weights());
    assertEquals(nm.getLayers()[0], lm.getLayers()[0]);
    List<Row> again = loaded.transform(test).select("rawPrediction", "probability",
        "prediction").collectAsList();
    assertEquals(rows, again, "the loaded pipeline scores exactly as the saved one");

    // The marker written last: a model folder whose save did not finish is refused by name.
    Path stage = Files.list(dir.resolve("pipeline").resolve("stages"))
        .filter(s -> s.getFileName().toString().contains("neuronClassifier")).findFirst()
        .orElseThrow();
    Files.delete(stage.resolve("data").resolve("_SUCCESS"));
    FormatException e = assertThrows(FormatException.class, () -> PipelineModel.load(path));
    assertTrue(e.getMessage().contains(stage.resolve("data") + ": no _SUCCESS marker"),
        e.getMessage());

    NeuronClassifier back = NeuronClassifier.load(saveEstimator(clf));
    assertEquals(clf.uid(), back.uid());
    assertEquals(0.02, back.getLearningRate());
    assertEquals(2, back.getNumPartitions());
  }

  private String saveEstimator(NeuronClassifier clf) throws Exception {
    String p = dir.resolve("estimator").toString();
    clf.write().save(p);
    return p;
  }

  @Test
  void crossValidatorChoosesAmongTheGrid(SparkSession spark) {
    Dataset<Row> data = blobs(spark, 600, 3).cache();
    NeuronClassifier clf = new NeuronClassifier().setLayers(new int[] {8}).setEpochs(1)
        .setBatchSize(8).setNumPartitions(2);
    ParamMap[] grid = new ParamGridBuilder()
        .addGrid(clf.learningRate(), new double[] {0.1, 1e-6}).build();
    CrossValidatorModel cv = new CrossValidator().setEstimator(pipeline(clf))
        .setEstimatorParamMaps(grid).setNumFolds(2).setSeed(5)
        .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy"))
        .fit(data);
    double[] metrics = cv.avgMetrics();
    assertEquals(2, metrics.length);
    assertTrue(metrics[0] > metrics[1] + 0.1, "a usable learning rate beats 1e-6 after one"
        + " epoch: " + metrics[0] + " vs " + metrics[1]);
    NeuronClassificationModel best =
        (NeuronClassificationModel) ((PipelineModel) cv.bestModel()).stages()[2];
    assertEquals(0.1, best.getLearningRate());
  }

  @Test
  void aValidationIndicatorColumnGivesValidationMetricsAndEarlyStopping(SparkSession spark) {
    Dataset<Row> data = blobs(spark, 900, 21).withColumn("holdout", functions.expr("x3 > 0.8"));
    NeuronClassifier clf = new NeuronClassifier().setLayers(new int[] {8}).setEpochs(30)
        .setBatchSize(64).setLearningRate(0.05).setNumPartitions(2)
        .setValidationIndicatorCol("holdout").setPatience(0).setMonitor("val_accuracy");
    PipelineModel model = pipeline(clf).fit(data);
    List<dev.neuron.train.EpochRecord> history =
        ((NeuronClassificationModel) model.stages()[2]).history();
    assertTrue(history.stream().allMatch(dev.neuron.train.EpochRecord::hasValidation));
    assertTrue(history.size() < 30, "val_accuracy stops improving well before 30 epochs, ran "
        + history.size());
    assertTrue(history.stream().mapToDouble(dev.neuron.train.EpochRecord::valAccuracy).max()
        .orElseThrow() > 0.9);
  }

  @Test
  void badColumnsAndLabelsAreRejectedNamingTheColumn(SparkSession spark) {
    Dataset<Row> data = new VectorAssembler().setInputCols(new String[] {"x1", "x2", "x3"})
        .setOutputCol("features").transform(blobs(spark, 30, 1));
    NeuronClassifier clf = new NeuronClassifier().setEpochs(1);
    IllegalArgumentException notNumeric = assertThrows(IllegalArgumentException.class,
        () -> clf.setLabelCol("species").fit(data));
    assertTrue(notNumeric.getMessage().contains("column species: expected a numeric class"
        + " index"), notNumeric.getMessage());
    Exception fractional = assertThrows(Exception.class,
        () -> clf.setLabelCol("x3").fit(data));
    assertTrue(rootMessage(fractional).contains("column x3: expected a class index"),
        rootMessage(fractional));
    IllegalArgumentException noVector = assertThrows(IllegalArgumentException.class,
        () -> clf.setLabelCol("x1").setFeaturesCol("x2").fit(data));
    assertTrue(noVector.getMessage().contains("column x2: expected a vector"),
        noVector.getMessage());
    IllegalArgumentException wrongOptimizerSetting = assertThrows(IllegalArgumentException.class,
        () -> new NeuronClassifier().setOptimizer("adam").setMomentum(0.9).trainOptions());
    assertTrue(wrongOptimizerSetting.getMessage().contains("momentum"));
    IllegalArgumentException noValidation = assertThrows(IllegalArgumentException.class,
        () -> new NeuronClassifier().setLabelCol("x1").setPatience(1).fit(data));
    assertTrue(noValidation.getMessage().contains("validationFraction"),
        noValidation.getMessage());
  }

  static String rootMessage(Throwable t) {
    StringBuilder s = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      s.append(c.getMessage()).append(" | ");
    }
    return s.toString();
  }
}
