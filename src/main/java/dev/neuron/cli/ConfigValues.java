package dev.neuron.cli;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A training configuration's merged text (defaults, file, overrides) with the typed reads that
 * parse it. Used only while {@link TrainConfig#load} builds the typed sections; every failure is a
 * {@link ConfigException} naming the key and the text found.
 */
final class ConfigValues {
  private final Map<String, String> values;

  ConfigValues(Map<String, String> values) {
    this.values = values;
  }

  Set<String> keys() {
    return values.keySet();
  }

  String text(String key) {
    return values.get(key);
  }

  /** The {@code prefix.<setting>} values by setting key (e.g. {@code optimizer.rho → rho}). */
  Map<String, String> settings(String prefix) {
    Map<String, String> s = new TreeMap<>();
    values.forEach((k, v) -> {
      if (k.startsWith(prefix + ".")) {
        s.put(k.substring(prefix.length() + 1), v);
      }
    });
    return s;
  }

  long integer(String key) {
    return parse(key, "an integer", Long::parseLong);
  }

  /** An integer setting; one beyond Java's int range is an error, never a wrapped value. */
  int intValue(String key) {
    long v = integer(key);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new ConfigException(key + ": expected an integer of at most " + Integer.MAX_VALUE
          + " in magnitude, found " + text(key));
    }
    return (int) v;
  }

  int positive(String key) {
    int v = intValue(key);
    if (v <= 0) {
      throw new ConfigException(key + ": expected a positive integer, found " + text(key));
    }
    return v;
  }

  int nonNegative(String key) {
    int v = intValue(key);
    if (v < 0) {
      throw new ConfigException(key + ": expected zero or a positive integer, found " + text(key));
    }
    return v;
  }

  double number(String key) {
    return parse(key, "a number", Double::parseDouble);
  }

  /** {@code key}'s trimmed text through {@code parser}; a failure names the key and the text. */
  private <T> T parse(String key, String expected, Function<String, T> parser) {
    try {
      return parser.apply(text(key).trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(key + ": expected " + expected + ", found '" + text(key) + "'");
    }
  }

  /** Exactly {@code true} or {@code false}. */
  boolean bool(String key) {
    if (!text(key).equals("true") && !text(key).equals("false")) {
      throw new ConfigException(key + ": expected true or false, found '" + text(key) + "'");
    }
    return text(key).equals("true");
  }
}
