package dev.neuron.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The update rules Neuron knows, each with the settings it declares (in its own class) and the
 * factory that builds it from resolved values. Everything that names optimizers or their settings
 * (configuration keys, Spark ML params, docs, checkpoints) goes through this enum.
 */
public enum UpdateRule implements SettingChoice {
  SGD("sgd", Sgd.SETTINGS, Sgd::of),
  RMSPROP("rmsprop", RmsProp.SETTINGS, RmsProp::of),
  ADAM("adam", Adam.SETTINGS, Adam::of),
  LARS("lars", Lars.SETTINGS, Lars::of),
  LAMB("lamb", Lamb.SETTINGS, Lamb::of);

  private final String key;
  private final List<Setting> settings;
  private final Function<SettingValues, Optimizer> factory;

  UpdateRule(String key, List<Setting> settings, Function<SettingValues, Optimizer> factory) {
    this.key = key;
    this.settings = settings;
    this.factory = factory;
  }

  /** Configuration name: {@code sgd}, {@code rmsprop}, {@code adam}, {@code lars}, {@code lamb}. */
  @Override
  public String key() {
    return key;
  }

  @Override
  public List<Setting> settings() {
    return settings;
  }

  /** The declared setting {@code key}, or an {@code IllegalArgumentException} listing the others. */
  public Setting setting(String settingKey) {
    return settings.stream().filter(s -> s.key().equals(settingKey)).findFirst()
        .orElseThrow(() -> notASetting(settingKey));
  }

  private IllegalArgumentException notASetting(String settingKey) {
    return new IllegalArgumentException(settingKey + ": not a setting of optimizer " + key
        + " (it takes " + settingKeys() + ")");
  }

  /** The setting keys, sorted, for messages. */
  public TreeSet<String> settingKeys() {
    return settings.stream().map(Setting::key).collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * Builds the rule from configured text values by setting key; absent settings take their
   * defaults. A key the rule does not take, or a value it cannot parse, is an
   * {@code IllegalArgumentException} naming the key.
   */
  public Optimizer create(Map<String, String> values) {
    return factory.apply(SettingValues.resolve(key, settings, values, this::notASetting));
  }

  /** The rule with every setting at its default. */
  public Optimizer defaults() {
    return create(Map.of());
  }

  public static UpdateRule fromKey(String key) {
    return SettingChoice.fromKey(values(), key, "optimizer");
  }

  /** {@code sgd, rmsprop, adam, lars, lamb}. */
  public static String keys() {
    return SettingChoice.keys(values());
  }

  /** Every setting key of any rule, in declaration order, with the declarations by rule. */
  public static Map<String, Map<UpdateRule, Setting>> allSettings() {
    Map<String, Map<UpdateRule, Setting>> all = new LinkedHashMap<>();
    for (UpdateRule r : values()) {
      for (Setting s : r.settings) {
        all.computeIfAbsent(s.key(), k -> new LinkedHashMap<>()).put(r, s);
      }
    }
    return all;
  }
}
