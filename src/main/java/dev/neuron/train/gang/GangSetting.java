package dev.neuron.train.gang;

import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Reads the gang's settings: a job-local property (what a caller sets for one run), else the
 * Spark conf, else the default; enums by their constants' names in lower case.
 */
final class GangSetting {
  private GangSetting() {}

  static String of(JavaSparkContext jsc, String key, String fallback) {
    String v = jsc.getLocalProperty(key);
    return (v != null ? v : jsc.getConf().get(key, fallback)).trim();
  }

  /** A whole number ≥ 0. */
  static int count(JavaSparkContext jsc, String key, int fallback) {
    String v = of(jsc, key, Integer.toString(fallback));
    try {
      int n = Integer.parseInt(v);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException(key + " must be a whole number >= 0, found '" + v + "'");
  }

  static <E extends Enum<E>> E parse(Class<E> type, String key, String value) {
    for (E e : type.getEnumConstants()) {
      if (e.name().toLowerCase(Locale.ROOT).equals(value.trim().toLowerCase(Locale.ROOT))) {
        return e;
      }
    }
    throw new IllegalArgumentException(key + " must be one of " + Arrays.stream(
        type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList()
        + ", found '" + value + "'");
  }
}
