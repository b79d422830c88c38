package dev.neuron.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.LocalSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's Pipeline example, run as written: the lines between the markers are the README's
 * code block, character for character (the test checks that too).
 */
@ExtendWith(LocalSpark.class)
class ReadmeExampleTest {
  @Test
  void theReadmePipelineExampleRuns(SparkSession spark) throws Exception {
    // README:begin
    // Three classes of 3-D points with string labels; any DataFrame with such columns will do.
    Dataset<Row> data = spark.range(3000).selectExpr(
        "element_at(array('setosa', 'versicolor', 'virginica'), CAST(id % 3 AS INT) + 1) AS species",
        "CAST(id % 3 AS DOUBLE) * 2 + randn(1) * 0.5 AS x1",
        "CAST(id % 3 AS DOUBLE) - randn(2) * 0.5 AS x2",
        "randn(3) AS x3");
    Dataset<Row>[] split = data.randomSplit(new double[] {0.8, 0.2}, 7);

    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
        new StringIndexer().setInputCol("species").setOutputCol("label"),
        new VectorAssembler().setInputCols(new String[] {"x1", "x2", "x3"}).setOutputCol("features"),
        new NeuronClassifier().setLayers(new int[] {16}).setEpochs(5).setBatchSize(64)
            .setLearningRate(0.02).setValidationFraction(0.1).setPatience(2)});
    PipelineModel model = pipeline.fit(split[0]);

    double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
        .evaluate(model.transform(split[1]));
    System.out.printf("test accuracy %.3f%n", accuracy);

    String path = Files.createTempDirectory("neuron-example").resolve("model").toString();
    model.write().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    loaded.transform(split[1]).select("species", "probability", "prediction").show(5, false);
    // README:end
    assertTrue(accuracy > 0.9, "accuracy " + accuracy);
    assertInReadme("README");
  }

  @Test
  void theReadmeRegressionExampleRuns(SparkSession spark) throws Exception {
    // REGRESSION:begin
    // y = 2·x1 + sin(3·x2) plus Gaussian noise of σ = 0.1, so no model can pass R² ≈ 0.9946.
    Dataset<Row> data = spark.range(5000)
        .selectExpr("rand(1) * 2 - 1 AS x1", "rand(2) * 2 - 1 AS x2")
        .selectExpr("x1", "x2", "2 * x1 + sin(3 * x2) + randn(3) * 0.1 AS y");
    Dataset<Row>[] split = data.randomSplit(new double[] {0.8, 0.2}, 7);

    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
        new VectorAssembler().setInputCols(new String[] {"x1", "x2"}).setOutputCol("features"),
        new NeuronRegressor().setLabelCol("y").setLayers(new int[] {32}).setActivation("tanh")
            .setLoss("huber").setDelta(0.5).setEpochs(20).setBatchSize(64).setLearningRate(0.01)});
    PipelineModel model = pipeline.fit(split[0]);

    double r2 = new RegressionEvaluator().setLabelCol("y").setMetricName("r2")
        .evaluate(model.transform(split[1]));
    System.out.printf("test R² %.4f%n", r2);
    // REGRESSION:end
    // Var(y) = 4/3 + (1/2 − sin(6)/12) + 0.01 = 1.8666; the bound is 1 − 0.01/1.8666.
    double bound = 1 - 0.01 / (4.0 / 3 + 0.5 - Math.sin(6) / 12 + 0.01);
    assertEquals(0.9946, bound, 1e-4);
    assertTrue(r2 > bound - 0.01 && r2 < bound + 0.005, "R² " + r2 + ", bound " + bound);
    assertInReadme("REGRESSION");
  }

  /** The lines between the markers are one of the README's code blocks, character for character. */
  private static void assertInReadme(String marker) throws Exception {
    String source = Files.readString(Path.of("src/test/java/dev/neuron/ml/ReadmeExampleTest.java"));
    String begin = "    // " + marker + ":begin\n";
    String body = source.substring(source.indexOf(begin) + begin.length(),
        source.indexOf("    // " + marker + ":end"));
    String block = body.lines().map(l -> l.length() >= 4 ? l.substring(4) : l)
        .reduce("", (a, b) -> a + b + "\n");
    String readme = Files.readString(Path.of("README.md"));
    assertTrue(readme.contains("```java\n" + block + "```"),
        "README.md contains the example exactly as run:\n" + block);
  }
}
