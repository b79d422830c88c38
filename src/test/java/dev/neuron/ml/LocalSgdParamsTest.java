package dev.neuron.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.LocalSpark;
import dev.neuron.optim.Setting;
import dev.neuron.train.EpochRecord;
import dev.neuron.train.LocalSgd;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Periodic averaging's params ({@code localSteps}, {@code localWarmupSteps}, {@code localState})
 * are the declared settings, with setters on both estimators, off by default; a fit with them runs
 * rounds and learns; they survive save and load.
 */
@ExtendWith(LocalSpark.class)
class LocalSgdParamsTest {
  @TempDir
  Path dir;

  @Test
  void theDeclaredSettingsAreParamsWithSettersOffByDefault() throws Exception {
    for (NeuronEstimator<?, ?> est : List.of(new NeuronClassifier(), new NeuronRegressor())) {
      for (Setting s : LocalSgd.SETTINGS) {
        Param<?> p = est.getParam(s.paramName());
        assertTrue(p instanceof IntParam, s.paramName());
        assertEquals(s.doc(), p.doc());
        est.getClass().getMethod("set" + Character.toUpperCase(s.paramName().charAt(0))
            + s.paramName().substring(1), int.class);
      }
      est.getClass().getMethod("setLocalState", String.class);
      assertEquals(LocalSgd.OFF, EstimatorFit.trainOptions(est).local());
    }
    NeuronClassifier clf = new NeuronClassifier().setLocalSteps(16).setLocalWarmupSteps(100)
        .setLocalState("reset");
    assertEquals(new LocalSgd(16, 100, LocalSgd.LocalState.RESET), clf.trainOptions().local());
    assertThrows(IllegalArgumentException.class, () -> clf.setLocalSteps(0));
    assertThrows(IllegalArgumentException.class, () -> clf.setLocalState("keep"));
  }

  @Test
  void aFitWithRoundsLearnsAndTheParamsRoundTrip(SparkSession spark) throws Exception {
    Dataset<Row> train = NeuronClassifierTest.blobs(spark, 400, 1).cache();
    // 400 rows in batches of 50: 8 steps an epoch, 2 synchronous then rounds of 3 (3, 3; 3, 3, 2).
    NeuronClassifier clf = new NeuronClassifier().setLayers(new int[] {8}).setEpochs(4)
        .setBatchSize(50).setOptimizer("rmsprop").setLearningRate(0.01).setNumPartitions(2)
        .setLocalSteps(3).setLocalWarmupSteps(2).setLocalState("average");
    PipelineModel model = NeuronClassifierTest.pipeline(clf).fit(train);
    List<EpochRecord> history = ((NeuronClassificationModel) model.stages()[2]).history();
    assertEquals(4, history.size());
    for (int e = 1; e < 4; e++) {
      assertTrue(history.get(e).loss() < history.get(e - 1).loss(), history.toString());
    }
    assertTrue(history.get(3).accuracy() > history.get(0).accuracy(), history.toString());
    String path = dir.resolve("est").toString();
    clf.write().save(path);
    NeuronClassifier loaded = NeuronClassifier.load(path);
    assertEquals(3, loaded.getLocalSteps());
    assertEquals(2, loaded.getLocalWarmupSteps());
    assertEquals("average", loaded.getLocalState());
    train.unpersist();
  }
}
