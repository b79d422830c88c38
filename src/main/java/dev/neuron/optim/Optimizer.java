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

  /** The rule this is, with its declared settings. */
  UpdateRule rule();

  /** Configuration name: {@code sgd}, {@code rmsprop} or {@code adam}. */
  default String key() {
    return rule().key();
  }

  /** Hyper-parameters by their configuration names, for logs and model files. */
  Map<String, Object> hyperParameters();

  /**
   * Builds an optimizer from its name and settings (configured text by setting key); absent
   * settings take the rule's declared defaults (Keras').
   */
  static Optimizer of(String key, Map<String, String> params) {
    return UpdateRule.fromKey(key).create(params);
  }

  /** The learning rate every rule declares, with the rule's default. */
  static Setting learningRate(String defaultText) {
    return new Setting("learning_rate", Setting.Range.POSITIVE, defaultText,
        "lr, the step size");
  }

  /** The ε of the rules that divide by a root mean square. */
  static Setting epsilon() {
    return new Setting("epsilon", Setting.Range.POSITIVE, "1e-7",
        "ε added to the root mean square, against division by zero");
  }
}
