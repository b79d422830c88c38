package dev.neuron.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.optim.RmsProp;
import dev.neuron.optim.Sgd;
import dev.neuron.optim.UpdateRule;
import dev.neuron.train.EarlyStopping;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The optimizer, validation and early-stopping keys of conf/mnist-mlp.properties. */
class ValidationConfigTest {
  static TrainConfig load(Map<String, String> overrides) {
    return TrainConfig.load(Path.of("conf/mnist-mlp.properties"), overrides);
  }

  static void rejects(Map<String, String> overrides, String expected) {
    ConfigException e = assertThrows(ConfigException.class, () -> load(overrides));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void theReferenceJobHasNoValidationAndNoEarlyStopping() {
    TrainConfig c = load(Map.of());
    assertEquals(0, c.data().validationSplit());
    assertNull(c.earlyStopping());
  }

  @Test
  void earlyStoppingOnAValidationSplit() {
    TrainConfig c = load(Map.of("train.validation_split", "0.1", "early_stopping.patience", "2",
        "early_stopping.min_delta", "0.001"));
    assertEquals(new EarlyStopping(EarlyStopping.Monitor.VAL_LOSS, 2, 0.001, true),
        c.earlyStopping());
  }

  @Test
  void anotherOptimizerOnTheCommandLineDropsTheFilesOptimizerSettings() {
    assertEquals(new Sgd(0.5f, 0f, false),
        load(Map.of("optimizer", "sgd", "optimizer.learning_rate", "0.5")).trainOptions()
            .optimizer());
    assertEquals(RmsProp.defaults(), load(Map.of("optimizer", "rmsprop")).trainOptions()
        .optimizer());
    assertEquals(new RmsProp(0.01f, 0.9f, 1e-7f),
        load(Map.of("optimizer.learning_rate", "0.01")).trainOptions().optimizer());
    rejects(Map.of("optimizer", "sgd", "optimizer.rho", "0.9"), "optimizer.rho");
  }

  @Test
  void theReferenceFileListsEveryRulesDeclaredSettings() throws Exception {
    String conf = java.nio.file.Files.readString(Path.of("conf/mnist-mlp.properties"));
    for (UpdateRule r : UpdateRule.values()) {
      String line = String.format("#   %-8s %s%n", r.key() + ":", r.summary());
      assertTrue(conf.contains(line), "conf/mnist-mlp.properties lacks the line " + line);
    }
  }

  @Test
  void badValuesAreRejectedNamingTheKey() {
    rejects(Map.of("train.validation_split", "1"), "train.validation_split");
    rejects(Map.of("train.validation_split", "x"), "train.validation_split");
    rejects(Map.of("train.validation_split", "0.1", "data.validation", "t10k"), "both set");
    rejects(Map.of("early_stopping.patience", "3"), "val_loss needs validation data");
    rejects(Map.of("early_stopping.patience", "-1", "early_stopping.monitor", "loss"),
        "early_stopping.patience");
    rejects(Map.of("early_stopping.patience", "1", "early_stopping.monitor", "val_acc",
        "train.validation_split", "0.1"), "val_accuracy");
    rejects(Map.of("early_stopping.restore_best_weights", "yes"),
        "early_stopping.restore_best_weights");
  }
}
