package dev.neuron.ml;

import dev.neuron.optim.Setting;
import dev.neuron.optim.UpdateRule;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import scala.Function1;

/**
 * The Spark ML params of the optimizers' settings, derived from {@link UpdateRule}'s declarations:
 * one param per setting key (named {@link Setting#paramName()}), a {@code BooleanParam} for a flag
 * and a {@code DoubleParam} otherwise, validated by the declared range, documented with the
 * declared meaning and each rule's default. None has a Spark default: unset means the chosen
 * rule's own default, so one {@code learningRate} serves rules whose defaults differ.
 */
final class OptimizerParams {
  private OptimizerParams() {}

  static Map<String, Param<?>> of(Params owner) {
    Map<String, Param<?>> params = new LinkedHashMap<>();
    UpdateRule.allSettings().forEach((key, byRule) -> {
      Setting first = byRule.values().iterator().next();
      for (Setting s : byRule.values()) {
        if (s.range() != first.range()) {
          throw new IllegalStateException("setting " + key + " has range " + first.range()
              + " in one rule and " + s.range() + " in another; a shared param needs one");
        }
      }
      String doc = byRule.values().stream().map(Setting::doc).distinct()
          .collect(Collectors.joining("; ")) + "; unset: " + byRule.entrySet().stream()
          .map(e -> e.getKey().key() + " " + e.getValue().defaultText())
          .collect(Collectors.joining(", "));
      params.put(key, of(owner, first, doc));
    });
    return params;
  }

  /**
   * The param of one declared setting, named {@link Setting#paramName()} and documented with its
   * meaning: a {@code BooleanParam} for a flag, else a {@code DoubleParam} validated by its range.
   */
  static Param<?> of(Params owner, Setting s, String doc) {
    return s.isFlag() ? new BooleanParam(owner, s.paramName(), doc)
        : new DoubleParam(owner, s.paramName(), doc, validator(s.range()));
  }

  private static Function1<Object, Object> validator(Setting.Range range) {
    return switch (range) {
      case POSITIVE -> ParamValidators.gt(0);
      case UNIT -> ParamValidators.inRange(0, 1, true, false);
      case NON_NEGATIVE -> ParamValidators.gtEq(0);
      case FLAG -> throw new IllegalArgumentException("a flag is a BooleanParam, not validated");
    };
  }
}
