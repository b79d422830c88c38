package dev.neuron.train.gang;

import java.util.Arrays;
import java.util.Locale;

/** Reads a gang setting's value as one of its enum's constants, named in lower case. */
final class GangSetting {
  private GangSetting() {}

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
