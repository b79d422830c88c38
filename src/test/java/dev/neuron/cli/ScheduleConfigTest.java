package dev.neuron.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.neuron.optim.Decay;
import dev.neuron.optim.Schedule;
import dev.neuron.optim.Setting;
import dev.neuron.train.EarlyStopping;
import dev.neuron.train.ReduceLrOnPlateau;
import dev.neuron.train.TrainOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code schedule*} and {@code reduce_lr*} keys, their docs, and the rate in history.csv. */
class ScheduleConfigTest {
  private static final Path CONF = Path.of("conf/mnist-mlp.properties");

  @Test
  void keysBuildTheDeclaredScheduleAndPlateau() {
    TrainOptions o = ValidationConfigTest.load(Map.of("schedule", "cosine",
        "schedule.decay_steps", "2000", "schedule.warmup_steps", "100", "schedule.alpha", "0.1"))
        .trainOptions();
    assertEquals(new Schedule(Decay.COSINE, 100, 2000, 1f, 0.1f), o.schedule());
    assertNull(o.plateau());
    TrainOptions p = ValidationConfigTest.load(Map.of("reduce_lr", "val_loss",
        "reduce_lr.patience", "3", "train.validation_split", "0.1")).trainOptions();
    assertEquals(new ReduceLrOnPlateau(EarlyStopping.Monitor.VAL_LOSS, 0.1f, 3, 1e-4f, 0, 0f),
        p.plateau());
    assertEquals(Schedule.NONE, p.schedule());
  }

  @Test
  void badKeysAreRejectedNamingThem() {
    ValidationConfigTest.rejects(Map.of("schedule", "step", "schedule.alpha", "0.1"),
        "schedule: alpha: not a setting of schedule step");
    ValidationConfigTest.rejects(Map.of("schedule", "linear"), "unknown schedule 'linear'");
    ValidationConfigTest.rejects(Map.of("schedule", "cosine", "schedule.decay_steps", "0"),
        "decay_steps must be a whole number from 1");
    ValidationConfigTest.rejects(Map.of("reduce_lr", "val_loss"),
        "reduce_lr: val_loss needs validation data");
    ValidationConfigTest.rejects(Map.of("reduce_lr", "loss", "schedule", "exponential"),
        "reduce_lr cannot follow a plateau under the exponential schedule");
    ValidationConfigTest.rejects(Map.of("reduce_lr.cooldown", "1.5"),
        "reduce_lr cooldown must be a whole number from 0 to 16777216");
    ValidationConfigTest.rejects(Map.of("reduce_lr", "loss", "reduce_lr.factor", "2"),
        "reduce_lr factor must be a number in [0, 1)");
  }

  @Test
  void anotherScheduleOnTheCommandLineDropsTheFilesScheduleSettings(@org.junit.jupiter.api.io
      .TempDir Path dir) throws Exception {
    Path conf = dir.resolve("c.properties");
    Files.writeString(conf, "schedule = step\nschedule.decay_rate = 0.5\n");
    TrainConfig c = TrainConfig.load(conf, Map.of("schedule", "cosine"));
    assertEquals(Decay.COSINE, c.trainOptions().schedule().decay());
    assertEquals("0.5", TrainConfig.load(conf, Map.of()).asMap().get("schedule.decay_rate"));
  }

  @Test
  void tableColumnsAreInTheCheckpointFingerprint() {
    Map<String, String> table = Map.of("data.format", "parquet", "data.features_column", "x1,x2",
        "data.label_column", "y");
    Map<String, String> f = ValidationConfigTest.load(table).fingerprint(100, 2, Map.of());
    assertEquals("x1,x2", f.get("data.features_column"));
    assertEquals("y", f.get("data.label_column"));
    assertEquals("parquet", f.get("data.format"));
    Map<String, String> other = new java.util.HashMap<>(table);
    other.put("data.label_column", "z");
    assertNotEquals(f, ValidationConfigTest.load(other).fingerprint(100, 2, Map.of()));
    // IDX input has no columns: they leave its fingerprint alone.
    assertFalse(ValidationConfigTest.load(Map.of("data.label_column", "z")).fingerprint(100, 784,
        Map.of()).containsKey("data.label_column"));
  }

  @Test
  void scheduleSettingsAreInTheCheckpointFingerprint() {
    Map<String, String> f = ValidationConfigTest.load(Map.of("schedule", "step",
        "schedule.decay_steps", "10")).fingerprint(100, 784, Map.of());
    assertEquals("step", f.get("schedule"));
    assertEquals("10", f.get("schedule.decay_steps"));
    assertEquals("off", f.get("reduce_lr"));
  }

  @Test
  void theReferenceConfigurationDocumentsEverySetting() throws Exception {
    String conf = Files.readString(CONF);
    for (Decay d : Decay.values()) {
      String line = String.format("#   %-12s %s%n", d.key() + ":", d.summary());
      assertTrue(conf.contains(line), "conf lacks the line " + line);
    }
    for (Setting s : ReduceLrOnPlateau.SETTINGS) {
      assertTrue(conf.contains(ReduceLrOnPlateau.KEY + "." + s.key() + " = " + s.defaultText()),
          "conf lacks reduce_lr." + s.key());
    }
    assertTrue(Args.USAGE.contains("--set schedule="), "--help");
    assertTrue(Args.USAGE.contains("--set reduce_lr="), "--help");
  }

  @Test
  void historyAndMetricsCarryEachEpochsRate(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    // 300 examples in batches of 50: 6 steps an epoch; the rate halves every 6 steps.
    dev.neuron.read.IdxFiles.writeDataset(dir.resolve("data"), 300, 60);
    dev.neuron.LocalSpark.session();
    Path out = dir.resolve("out");
    TrainValidationTest.Result r = TrainValidationTest.runArgs(out, new String[] {"--data",
        dir.resolve("data").toString(), "--out", out.toString(), "--partitions", "2",
        "--epochs", "3", "--batch-size", "50", "--set", "model.layers=8:relu,10:softmax",
        "--set", "eval.top_k=3", "--set", "schedule=step", "--set", "schedule.decay_steps=6",
        "--set", "schedule.decay_rate=0.5"});
    assertEquals(0, r.code(), r.stderr());
    List<String> csv = Files.readAllLines(out.resolve("history.csv"));
    assertEquals("epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds,"
        + "samples_per_second", csv.get(0));
    String[] rates = {"0.001", "5.0E-4", "2.5E-4"};
    for (int e = 0; e < 3; e++) {
      assertEquals(rates[e], csv.get(e + 1).split(",")[5], "epoch " + (e + 1));
    }
    JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    assertEquals(0.00025f, (float) metrics.get("epochs").get(2).get("learning_rate").asDouble());
  }
}
