package dev.neuron.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.LocalSpark;
import dev.neuron.optim.Decay;
import dev.neuron.optim.Schedule;
import dev.neuron.optim.Setting;
import dev.neuron.train.EpochRecord;
import dev.neuron.train.ReduceLrOnPlateau;
import dev.neuron.train.TrainOptions;
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
 * The schedule and reduce-on-plateau params are the declared settings, each found by Spark with a
 * setter; a fit runs the schedule they describe and its history logs the rates.
 */
@ExtendWith(LocalSpark.class)
class LearningRateParamsTest {
  @TempDir
  Path dir;

  @Test
  void everyDeclaredSettingIsAParamWithASetter() throws Exception {
    NeuronRegressor est = new NeuronRegressor();
    for (Decay d : Decay.values()) {
      for (Setting s : d.settings()) {
        check(est, s, s.paramName());
      }
    }
    for (Setting s : ReduceLrOnPlateau.SETTINGS) {
      check(est, s, s.paramName(ReduceLrOnPlateau.KEY));
    }
    assertTrue(est.getParam("decayRate").doc().contains("step 0.1, exponential 0.96"),
        est.getParam("decayRate").doc());
    assertEquals("none", est.getSchedule());
    assertEquals("off", est.getReduceLr());
  }

  private static void check(NeuronRegressor est, Setting s, String name) throws Exception {
    Param<?> p = est.getParam(name);
    assertEquals(s.range().isCount(), p instanceof IntParam, name);
    NeuronRegressor.class.getMethod("set" + Character.toUpperCase(name.charAt(0))
        + name.substring(1), s.range().isCount() ? int.class : double.class);
  }

  @Test
  void paramsBuildTheScheduleAndRefuseSettingsOfAnother() {
    NeuronClassifier clf = new NeuronClassifier().setLearningRate(0.1).setSchedule("cosine")
        .setDecaySteps(50).setAlpha(0.1).setWarmupSteps(5).setReduceLr("loss")
        .setReduceLrPatience(2);
    assertThrows(IllegalArgumentException.class, () -> clf.trainOptions(),
        "a plateau under a decay is refused");
    clf.setSchedule("none").clear(clf.decaySteps()).clear(clf.alpha());
    TrainOptions o = clf.trainOptions();
    assertEquals(new Schedule(Decay.NONE, 5, 1, 1f, 0f), o.schedule());
    assertEquals(2, o.plateau().patience());
    clf.setDecayRate(0.5);
    assertEquals("decayRate is set, but it is not a setting of schedule none (which takes"
        + " [warmupSteps])", assertThrows(IllegalArgumentException.class, clf::trainOptions)
            .getMessage());
    NeuronClassifier off = new NeuronClassifier().setReduceLrFactor(0.5);
    assertEquals("reduceLrFactor is set, but it is not a setting of reduceLr off (which takes"
        + " [])", assertThrows(IllegalArgumentException.class, off::trainOptions).getMessage());
  }

  @Test
  void aFitRunsTheScheduleAndItsHistoryLogsTheRates(SparkSession spark) throws Exception {
    Dataset<Row> train = NeuronClassifierTest.blobs(spark, 400, 1).cache();
    // 400 rows in batches of 100: 4 steps an epoch; the rate halves every 4 steps.
    NeuronClassifier clf = new NeuronClassifier().setLayers(new int[] {8}).setEpochs(3)
        .setBatchSize(100).setOptimizer("sgd").setLearningRate(0.5).setNumPartitions(2)
        .setSchedule("step").setDecaySteps(4).setDecayRate(0.5);
    PipelineModel model = NeuronClassifierTest.pipeline(clf).fit(train);
    List<EpochRecord> history = ((NeuronClassificationModel) model.stages()[2]).history();
    assertEquals(List.of(0.5f, 0.25f, 0.125f), history.stream().map(EpochRecord::learningRate)
        .toList());
    String path = dir.resolve("est").toString();
    clf.write().save(path);
    NeuronClassifier loaded = NeuronClassifier.load(path);
    assertEquals("step", loaded.getSchedule());
    assertEquals(4, loaded.getDecaySteps());
    train.unpersist();
  }
}
