package dev.neuron.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.LocalSpark;
import dev.neuron.optim.Adam;
import dev.neuron.optim.Setting;
import dev.neuron.optim.Sgd;
import dev.neuron.optim.UpdateRule;
import java.nio.file.Path;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The estimator's optimizer params are the rules' declared settings, all of them. */
@ExtendWith(LocalSpark.class)
class OptimizerParamsTest {
  @TempDir
  Path dir;

  @Test
  void everyDeclaredSettingIsAParamSparkFindsWithASetter() throws Exception {
    NeuronClassifier clf = new NeuronClassifier();
    for (UpdateRule rule : UpdateRule.values()) {
      for (Setting s : rule.settings()) {
        // getParam looks through the params Spark discovers (public accessors), as persistence
        // and ParamGridBuilder do.
        Param<?> p = clf.getParam(s.paramName());
        assertEquals(s.isFlag() ? BooleanParam.class : DoubleParam.class, p.getClass());
        assertTrue(p.doc().contains(rule.key() + " " + s.defaultText()), p.doc());
        String setter = "set" + Character.toUpperCase(s.paramName().charAt(0))
            + s.paramName().substring(1);
        NeuronClassifier.class.getMethod(setter, s.isFlag() ? boolean.class : double.class);
        assertFalse(clf.hasDefault(p), "unset means the rule's own default");
      }
    }
  }

  @Test
  void settingsReachTheOptimizerAndOthersAreRefused() {
    assertEquals(Sgd.withNesterov(0.05f, 0.9f), new NeuronClassifier().setOptimizer("sgd")
        .setLearningRate(0.05).setMomentum(0.9).setNesterov(true).trainOptions().optimizer());
    assertEquals(Adam.defaults(), new NeuronClassifier().trainOptions().optimizer());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new NeuronClassifier().setOptimizer("adam").setNesterov(true).trainOptions());
    assertEquals("nesterov is set, but it is not a setting of optimizer adam (which takes"
        + " [learningRate, beta1, beta2, epsilon, weightDecay])", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new NeuronClassifier().setMomentum(1.0));
    assertThrows(IllegalArgumentException.class, () -> new NeuronClassifier().setEpsilon(0));
  }

  @Test
  void nesterovRoundTripsThroughPersistence(SparkSession spark) throws Exception {
    NeuronClassifier clf = new NeuronClassifier().setOptimizer("sgd").setMomentum(0.5)
        .setNesterov(true);
    String path = dir.resolve("clf").toString();
    clf.write().save(path);
    NeuronClassifier back = NeuronClassifier.load(path);
    assertTrue(back.getNesterov());
    assertEquals(clf.trainOptions().optimizer(), back.trainOptions().optimizer());
  }
}
