package dev.neuron.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Resolved setting values (defaults filled in) by key, as a rule's factory reads them. */
public record SettingValues(Map<String, Float> values) {

  public float number(Setting s) {
    Float v = values.get(s.key());
    if (v == null) {
      throw new IllegalArgumentException("no value for setting " + s.key());
    }
    return v;
  }

  public boolean flag(Setting s) {
    return number(s) != 0f;
  }

  /**
   * A rule's hyper-parameters for logs and model files: each declared setting's key with the
   * value given in the same order ({@code Float} or {@code Boolean}).
   */
  static Map<String, Object> describe(List<Setting> settings, Object... values) {
    if (settings.size() != values.length) {
      throw new IllegalArgumentException("expected " + settings.size() + " values, found "
          + values.length);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      m.put(settings.get(i).key(), values[i]);
    }
    return m;
  }
}
