package dev.neuron.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.optim.Setting;
import dev.neuron.train.LocalSgd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code train.local_*} keys: off by default, documented, parsed, checked, fingerprinted. */
class LocalSgdConfigTest {
  @Test
  void offByDefaultAndDocumentedInTheReferenceFile() throws Exception {
    TrainConfig c = ValidationConfigTest.load(Map.of());
    assertEquals(LocalSgd.OFF, c.trainOptions().local());
    String conf = Files.readString(Path.of("conf/mnist-mlp.properties"));
    for (Setting s : LocalSgd.SETTINGS) {
      assertTrue(conf.contains("\ntrain." + s.key() + " = " + s.defaultText() + "\n"), s.key());
    }
    assertTrue(conf.contains("\ntrain.local_state = average\n"));
    assertFalse(c.fingerprint(10, 1, Map.of()).containsKey("train.local_sgd"));
  }

  @Test
  void keysBuildTheRoundsAndEnterTheFingerprint() {
    TrainConfig c = ValidationConfigTest.load(Map.of("train.local_steps", "16",
        "train.local_warmup_steps", "469", "train.local_state", "reset"));
    assertEquals(new LocalSgd(16, 469, LocalSgd.LocalState.RESET), c.trainOptions().local());
    assertEquals("H=16 K=469 state=reset", c.fingerprint(10, 1, Map.of()).get("train.local_sgd"));
  }

  @Test
  void badValuesAreRejectedNamingTheKey() {
    ValidationConfigTest.rejects(Map.of("train.local_steps", "0"),
        "train.local_steps: periodic averaging local_steps must be a whole number from 1");
    ValidationConfigTest.rejects(Map.of("train.local_steps", "four"),
        "train.local_steps: expected a number, found 'four'");
    ValidationConfigTest.rejects(Map.of("train.local_warmup_steps", "-1"),
        "periodic averaging local_warmup_steps must be a whole number from 0");
    ValidationConfigTest.rejects(Map.of("train.local_state", "keep"),
        "train.local_state: unknown local_state 'keep', expected one of average, reset");
  }
}
