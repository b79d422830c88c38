package dev.neuron.ml;

import dev.neuron.optim.Decay;
import dev.neuron.optim.Setting;
import dev.neuron.optim.UpdateRule;
import dev.neuron.train.ReduceLrOnPlateau;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import scala.Function1;

/**
 * Spark ML params derived from declared settings ({@link Setting}): one param per setting key,
 * named {@link Setting#paramName()} (with a group's prefix where settings are grouped: {@code
 * reduceLrFactor}), a {@code BooleanParam} for a flag, an {@code IntParam} for a count and a
 * {@code DoubleParam} otherwise, validated by the declared range and documented with the declared
 * meaning and default. A key several choices declare (the optimizers' {@code learning_rate}, the
 * decays' {@code decay_rate}) is one param whose doc lists each choice's default. None has a Spark
 * default: unset means the chosen rule's own default.
 */
final class SettingParams {
  private SettingParams() {}

  /** The optimizers' settings ({@link UpdateRule}), by key. */
  static Map<String, Param<?>> optimizers(Params owner) {
    Map<String, Map<String, Setting>> byKey = new LinkedHashMap<>();
    UpdateRule.allSettings().forEach((key, byRule) -> byRule.forEach((rule, s) ->
        byKey.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(rule.key(), s)));
    return shared(owner, byKey, null);
  }

  /** The schedules' settings ({@link Decay}), by key. */
  static Map<String, Param<?>> schedules(Params owner) {
    Map<String, Map<String, Setting>> byKey = new LinkedHashMap<>();
    Arrays.stream(Decay.values()).forEach(d -> d.settings().forEach(s ->
        byKey.computeIfAbsent(s.key(), k -> new LinkedHashMap<>()).put(d.key(), s)));
    return shared(owner, byKey, null);
  }

  /** Reduce-on-plateau's settings, named {@code reduceLr<Setting>}, by key. */
  static Map<String, Param<?>> plateau(Params owner) {
    Map<String, Map<String, Setting>> byKey = new LinkedHashMap<>();
    ReduceLrOnPlateau.SETTINGS.forEach(s -> byKey.put(s.key(),
        Map.of(ReduceLrOnPlateau.KEY, s)));
    return shared(owner, byKey, ReduceLrOnPlateau.KEY);
  }

  private static Map<String, Param<?>> shared(Params owner,
      Map<String, Map<String, Setting>> byKey, String prefix) {
    Map<String, Param<?>> params = new LinkedHashMap<>();
    byKey.forEach((key, byChoice) -> {
      Setting first = byChoice.values().iterator().next();
      for (Setting s : byChoice.values()) {
        if (s.range() != first.range()) {
          throw new IllegalStateException("setting " + key + " has range " + first.range()
              + " in one declaration and " + s.range() + " in another; a shared param needs"
              + " one");
        }
      }
      String doc = byChoice.values().stream().map(Setting::doc).distinct()
          .collect(Collectors.joining("; ")) + "; unset: " + byChoice.entrySet().stream()
          .map(e -> e.getKey() + " " + e.getValue().defaultText())
          .collect(Collectors.joining(", "));
      params.put(key, of(owner, first, prefix == null ? first.paramName()
          : first.paramName(prefix), doc));
    });
    return params;
  }

  /** The param of one declared setting, named {@link Setting#paramName()}. */
  static Param<?> of(Params owner, Setting s, String doc) {
    return of(owner, s, s.paramName(), doc);
  }

  private static Param<?> of(Params owner, Setting s, String name, String doc) {
    if (s.isFlag()) {
      return new BooleanParam(owner, name, doc);
    }
    if (s.range().isCount()) {
      return new IntParam(owner, name, doc, ParamValidators.inRange(
          s.range() == Setting.Range.COUNT ? 0 : 1, 1 << 24));
    }
    return new DoubleParam(owner, name, doc, validator(s.range()));
  }

  private static Function1<Object, Object> validator(Setting.Range range) {
    return switch (range) {
      case POSITIVE -> ParamValidators.gt(0);
      case UNIT -> ParamValidators.inRange(0, 1, true, false);
      case NON_NEGATIVE -> ParamValidators.gtEq(0);
      case FLAG, COUNT, POSITIVE_COUNT -> throw new IllegalArgumentException(
          "a flag or count is a BooleanParam or IntParam");
    };
  }
}
