package dev.neuron.optim;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One of a closed set of named choices that each declare their settings: an update rule
 * ({@link UpdateRule}) or a learning-rate decay ({@link Decay}). Names are found, listed and
 * summarized the same way for all of them.
 */
public interface SettingChoice {
  /** Configuration name, e.g. {@code rmsprop} or {@code cosine}. */
  String key();

  List<Setting> settings();

  /** Whether this choice takes the setting {@code settingKey}. */
  default boolean takes(String settingKey) {
    return settings().stream().anyMatch(s -> s.key().equals(settingKey));
  }

  /** The settings as the docs list them: {@code learning_rate (0.01), momentum (0), …}. */
  default String summary() {
    return settings().stream().map(Setting::summary).collect(Collectors.joining(", "));
  }

  /** The choice named {@code key} (case and spaces ignored), else an error listing the names. */
  static <C extends SettingChoice> C fromKey(C[] choices, String key, String what) {
    String k = key.trim().toLowerCase(Locale.ROOT);
    for (C c : choices) {
      if (c.key().equals(k)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown " + what + " '" + key + "', expected one of "
        + keys(choices));
  }

  /** The names, comma-separated. */
  static String keys(SettingChoice[] choices) {
    return Arrays.stream(choices).map(SettingChoice::key).collect(Collectors.joining(", "));
  }
}
