package dev.neuron.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.LocalSpark;
import dev.neuron.nn.Network;
import java.nio.file.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code l2} and {@code dropout} params are the layer settings {@link Network} declares; a
 * classifier fitted with them carries them in its network, through save and load.
 */
@ExtendWith(LocalSpark.class)
class RegularizerParamsTest {
  @TempDir
  Path dir;

  @Test
  void paramsAreTheDeclaredLayerSettings() {
    NeuronClassifier clf = new NeuronClassifier();
    assertEquals(Network.L2.paramName(), clf.l2().name());
    assertEquals(Network.DROPOUT.paramName(), clf.dropout().name());
    assertTrue(clf.getParam("dropout").doc().startsWith(Network.DROPOUT.doc()));
    assertEquals(0.0, clf.getL2());
    assertEquals(0.0, new NeuronRegressor().getDropout());
    assertThrows(IllegalArgumentException.class, () -> clf.setDropout(1.0));
    assertThrows(IllegalArgumentException.class, () -> clf.setL2(-1e-3));
    assertEquals(0.5, clf.setDropout(0.5).getDropout());
  }

  @Test
  void aFittedModelKeepsItsRegularizersAndScoresWithoutDropout(SparkSession spark)
      throws Exception {
    Dataset<Row> train = NeuronClassifierTest.blobs(spark, 600, 1).cache();
    NeuronClassifier clf = new NeuronClassifier().setLayers(new int[] {16, 8}).setEpochs(3)
        .setBatchSize(64).setLearningRate(0.02).setNumPartitions(2).setL2(1e-3).setDropout(0.3);
    PipelineModel model = NeuronClassifierTest.pipeline(clf).fit(train);
    Network net = ((NeuronClassificationModel) model.stages()[2]).network();
    for (int l = 0; l < net.layers(); l++) {
      assertEquals(1e-3f, net.l2(l), "layer " + l);
      assertEquals(l < net.layers() - 1 ? 0.3f : 0f, net.dropout(l), "layer " + l);
    }
    String path = dir.resolve("model").toString();
    model.write().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    assertEquals(net, ((NeuronClassificationModel) loaded.stages()[2]).network());
    MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator()
        .setMetricName("accuracy");
    // Scoring is deterministic (no masks): twice the same, and the blobs are learnt.
    double a = accuracy.evaluate(loaded.transform(train));
    assertEquals(a, accuracy.evaluate(loaded.transform(train)));
    assertTrue(a > 0.8, "accuracy " + a);
    train.unpersist();
  }
}
