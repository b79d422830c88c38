package dev.neuron.optim;

import java.util.Map;

/** An update rule {@code w ← update(w, g, state)}; implementations document their formula. */
public sealed interface Optimizer permits Sgd, RmsProp, Adam {

  /** Zeroed state for {@code n} parameters. */
  OptimizerState newState(int n);

  /** Applies one update to {@code w} in place, given the mean gradient {@code g}. */
  default void step(float[] w, float[] g, OptimizerState state) {
    state.advance();
    update(w, g, state, 0, w.length);
  }

  /**
   * The element-wise part of a step on {@code [from, to)}, for step number {@code state.steps()}
   * (already advanced). Elements are independent, so disjoint ranges may run in parallel and give
   * the same bits as one call over everything.
   */
  void update(float[] w, float[] g, OptimizerState state, int from, int to);

  /** Configuration name: {@code sgd}, {@code rmsprop} or {@code adam}. */
  String key();

  /** Hyper-parameters by their configuration names, for logs and model files. */
  Map<String, Object> hyperParameters();

  /** Builds an optimizer from its name and hyper-parameters; absent values take Keras' defaults. */
  static Optimizer of(String key, Map<String, String> params) {
    java.util.function.BiFunction<String, Double, Float> get =
        (name, dflt) -> params.containsKey(name) ? Float.parseFloat(params.get(name)) : dflt.floatValue();
    Optimizer o = switch (key.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "sgd" -> new Sgd(get.apply("learning_rate", 0.01), get.apply("momentum", 0.0),
          Boolean.parseBoolean(params.getOrDefault("nesterov", "false")));
      case "rmsprop" -> new RmsProp(get.apply("learning_rate", 0.001), get.apply("rho", 0.9),
          get.apply("epsilon", 1e-7));
      case "adam" -> new Adam(get.apply("learning_rate", 0.001), get.apply("beta_1", 0.9),
          get.apply("beta_2", 0.999), get.apply("epsilon", 1e-7));
      default -> throw new IllegalArgumentException("unknown optimizer '" + key
          + "', expected one of sgd, rmsprop, adam");
    };
    return o;
  }

  static void requirePositive(String name, float v) {
    if (!(v > 0) || Float.isInfinite(v)) {
      throw new IllegalArgumentException(name + " must be a positive finite number, found " + v);
    }
  }

  static void requireUnit(String name, float v) {
    if (!(v >= 0 && v < 1)) {
      throw new IllegalArgumentException(name + " must lie in [0, 1), found " + v);
    }
  }
}
