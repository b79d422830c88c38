package dev.neuron.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each rule's declared settings: Keras' defaults, the names derived from them, their checks. */
class SettingDeclarationTest {

  @Test
  void declaredDefaultsAreKeras() {
    assertEquals(new Sgd(0.01f, 0f, false), UpdateRule.SGD.defaults());
    assertEquals(new RmsProp(0.001f, 0.9f, 1e-7f), UpdateRule.RMSPROP.defaults());
    assertEquals(new Adam(0.001f, 0.9f, 0.999f, 1e-7f), UpdateRule.ADAM.defaults());
    // Keras has neither: TensorFlow's LARSOptimizer (its required rate set to 1) and the LAMB
    // paper's / TensorFlow Addons' defaults.
    assertEquals(new Lars(1f, 0.9f, 1e-4f, 1e-3f), UpdateRule.LARS.defaults());
    assertEquals(new Lamb(0.001f, 0.9f, 0.999f, 1e-6f, 0f), UpdateRule.LAMB.defaults());
  }

  @Test
  void hyperParametersAreTheDeclaredSettingsWithTheirValues() {
    for (UpdateRule r : UpdateRule.values()) {
      Optimizer o = r.defaults();
      assertEquals(r, o.rule());
      assertEquals(r.settings().stream().map(Setting::key).toList(),
          List.copyOf(o.hyperParameters().keySet()), r.key());
      for (Setting s : r.settings()) {
        Object v = o.hyperParameters().get(s.key());
        assertEquals(s.defaultValue(), v instanceof Boolean b ? (b ? 1f : 0f) : (Float) v,
            r.key() + " " + s.key());
      }
    }
    assertEquals(Map.of("learning_rate", 0.5f, "momentum", 0.9f, "nesterov", true,
        "weight_decay", 0f),
        Sgd.withNesterov(0.5f, 0.9f).hyperParameters());
  }

  @Test
  void paramNamesAreCamelCaseKeys() {
    assertEquals("learningRate", Optimizer.learningRate("0.1").paramName());
    assertEquals("beta1", Adam.BETA_1.paramName());
    assertEquals("nesterov", Sgd.NESTEROV.paramName());
    assertEquals("learning_rate (0.01), momentum (0), nesterov (false), weight_decay (0)",
        UpdateRule.SGD.summary());
  }

  @Test
  void valuesAreParsedAndCheckedNamingTheSetting() {
    assertEquals(Sgd.withNesterov(0.05f, 0.9f), UpdateRule.SGD.create(Map.of("learning_rate",
        "0.05", "momentum", "0.9", "nesterov", "true")));
    assertEquals("rho: not a setting of optimizer sgd (it takes [learning_rate, momentum,"
        + " nesterov, weight_decay])", assertThrows(IllegalArgumentException.class,
            () -> UpdateRule.SGD.create(Map.of("rho", "0.9"))).getMessage());
    assertEquals("nesterov: expected true or false, found 'yes'",
        assertThrows(IllegalArgumentException.class,
            () -> UpdateRule.SGD.create(Map.of("nesterov", "yes"))).getMessage());
    assertEquals("beta_2: expected a number, found 'x'", assertThrows(
        IllegalArgumentException.class, () -> UpdateRule.ADAM.create(Map.of("beta_2", "x")))
        .getMessage());
    assertEquals("adam beta_2 must be a number in [0, 1), found 1.0", assertThrows(
        IllegalArgumentException.class, () -> UpdateRule.ADAM.create(Map.of("beta_2", "1")))
        .getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new Setting("Bad-Key", Setting.Range.UNIT, "0", "d"));
    assertThrows(IllegalArgumentException.class,
        () -> new Setting("k", Setting.Range.FLAG, "1", "d"));
  }

  @Test
  void rulesAreFoundByName() {
    assertEquals(UpdateRule.ADAM, UpdateRule.fromKey(" Adam "));
    assertEquals("unknown optimizer 'adagrad', expected one of sgd, rmsprop, adam, lars, lamb",
        assertThrows(IllegalArgumentException.class, () -> UpdateRule.fromKey("adagrad"))
            .getMessage());
  }
}
