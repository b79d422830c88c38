package dev.neuron.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which keys a checkpoint's fingerprint names, so a resume under other settings is refused. */
class RunFingerprintTest {
  /** Table input with sample and class weights: every key the fingerprint names when set. */
  private static final Map<String, String> TABLE = Map.of("data.format", "parquet",
      "data.features_column", "x1,x2", "data.label_column", "y", "data.weight_column", "w",
      "data.class_weights", "balanced");

  private static Map<String, String> fingerprint(Map<String, String> overrides) {
    return ValidationConfigTest.load(overrides).fingerprint(100, 2, Map.of());
  }

  @Test
  void everyKeyIsInTheFingerprintOrDeclaredLeftOut() {
    Map<String, String> f = fingerprint(TABLE);
    for (String key : TrainConfig.DEFAULTS.keySet()) {
      assertTrue(f.containsKey(key) != RunFingerprint.LEFT_OUT.containsKey(key),
          key + ": expected in the fingerprint or in RunFingerprint.LEFT_OUT, not both; found "
              + (f.containsKey(key) ? "both" : "neither"));
    }
    assertTrue(TrainConfig.DEFAULTS.keySet().containsAll(RunFingerprint.LEFT_OUT.keySet()),
        "LEFT_OUT names keys the configuration does not have: " + RunFingerprint.LEFT_OUT);
  }

  @Test
  void eachColumnOfTableInputChangesTheFingerprint() {
    Map<String, String> f = fingerprint(TABLE);
    assertEquals("x1,x2", f.get("data.features_column"));
    assertEquals("y", f.get("data.label_column"));
    for (String[] change : new String[][] {{"data.features_column", "x1"},
        {"data.label_column", "z"}, {"data.weight_column", "v"}, {"data.format", "csv"},
        {"data.class_weights", "1,2"}}) {
      Map<String, String> other = new HashMap<>(TABLE);
      other.put(change[0], change[1]);
      assertNotEquals(f, fingerprint(other), change[0]);
    }
  }
}
