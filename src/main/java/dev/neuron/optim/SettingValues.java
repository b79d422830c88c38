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

  /** A count setting's value ({@link Setting.Range#COUNT}, checked where it was parsed). */
  public int count(Setting s) {
    return (int) number(s);
  }

  /**
   * Resolves configured text values by setting key against {@code settings}: absent settings
   * take their defaults. A key not among them is {@code unknown}'s exception; a value that does
   * not parse, or lies outside its setting's range, is an {@code IllegalArgumentException}
   * naming {@code owner} or the key.
   */
  public static SettingValues resolve(String owner, List<Setting> settings,
      Map<String, String> values, java.util.function.Function<String, RuntimeException> unknown) {
    for (String key : values.keySet()) {
      if (settings.stream().noneMatch(s -> s.key().equals(key))) {
        throw unknown.apply(key);
      }
    }
    Map<String, Float> resolved = new LinkedHashMap<>();
    for (Setting s : settings) {
      String text = values.get(s.key());
      float v;
      try {
        v = text == null ? s.defaultValue() : s.parse(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(s.key() + ": " + e.getMessage(), e);
      }
      resolved.put(s.key(), s.range().isCount() ? s.check(owner, v) : v);
    }
    return new SettingValues(resolved);
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
