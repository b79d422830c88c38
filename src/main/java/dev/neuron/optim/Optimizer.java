package dev.neuron.optim;

import dev.neuron.linalg.Chunks;
import java.util.Map;

/**
 * An update rule {@code w ← update(w, g, state)}; implementations document their formula. The
 * contract, which the training loop follows: {@link #newState} once, then {@link #step} once per
 * minibatch with the mean gradient (any penalty's gradient already added). A step has two parts:
 * {@link #prepare} does, once, what needs whole tensors (the trust ratios of the layer-wise rules,
 * {@link Lars} and {@link Lamb}; nothing for the {@link ElementWise} ones), and the {@link Update}
 * it returns does the rest element by element, over {@link Chunks}' parallel ranges.
 */
public sealed interface Optimizer permits ElementWise, Lars, Lamb {

  /** Zeroed state for {@code n} parameters. */
  OptimizerState newState(int n);

  /**
   * Counts a step in {@code state}, then applies its update to {@code w} in place, given the mean
   * gradient {@code g}: {@link #prepare} once, then its element-wise rest over {@link Chunks}'
   * parallel ranges, the same bits as one pass over everything. {@code tensors} are the
   * parameters' tensors, over which the layer-wise rules take their norms.
   */
  default void step(float[] w, float[] g, OptimizerState state, Tensors tensors) {
    state.advance();
    Update u = prepare(w, g, state, tensors);
    Chunks.forEach(w.length, (c, from, to) -> u.apply(from, to));
  }

  /** {@link #step(float[], float[], OptimizerState, Tensors)} with all parameters one tensor. */
  default void step(float[] w, float[] g, OptimizerState state) {
    step(w, g, state, Tensors.whole(w.length));
  }

  /**
   * Step number {@code state.steps()} (already advanced), once {@code g} is final: does what
   * needs whole tensors and returns the element-wise rest. Each element of the rest depends only
   * on that element and the prepared per-tensor values, so disjoint ranges may run in parallel
   * and give the same bits as one call over everything. Call it once per step, then apply the
   * update to every element once, before the next step.
   */
  Update prepare(float[] w, float[] g, OptimizerState state, Tensors tensors);

  /** The element-wise part of one prepared step. */
  @FunctionalInterface
  interface Update {
    /** Updates {@code w[from, to)} (and the state's slots there). */
    void apply(int from, int to);
  }

  /** The base learning rate, {@code learning_rate}. */
  float learningRate();

  /**
   * The same rule and settings at another learning rate: what a schedule's step runs. Weight
   * decay, {@code w·(1 − lr·λ)}, follows the scheduled rate, as in PyTorch.
   */
  Optimizer withLearningRate(float learningRate);

  /** The rule this is, with its declared settings. */
  UpdateRule rule();

  /** Configuration name: {@code sgd}, {@code rmsprop}, {@code adam}, {@code lars}, {@code lamb}. */
  default String key() {
    return rule().key();
  }

  /** Hyper-parameters by their configuration names, for logs and model files. */
  Map<String, Object> hyperParameters();

  /** The learning rate every rule declares, with the rule's default. */
  static Setting learningRate(String defaultText) {
    return new Setting("learning_rate", Setting.Range.POSITIVE, defaultText,
        "lr, the step size");
  }

  /**
   * Decoupled weight decay (Loshchilov and Hutter; PyTorch's AdamW, Keras 3's
   * {@code weight_decay}): before the rule's own update, every parameter shrinks by
   * {@code w ← w·(1 − lr·λ)}, apart from the gradient, so adaptive rules do not rescale it as
   * they would an L2 penalty's gradient. Biases decay too, as in PyTorch without parameter groups.
   */
  static Setting weightDecay() {
    return new Setting("weight_decay", Setting.Range.NON_NEGATIVE, "0",
        "λ of decoupled weight decay, w ← w·(1 − lr·λ) each step; 0: none");
  }

  /** {@code w[from, to) ← w·(1 − lr·λ)}: decoupled weight decay; nothing when λ is 0. */
  static void decay(float[] w, float learningRate, float weightDecay, int from, int to) {
    if (weightDecay == 0f) {
      return;
    }
    float keep = 1f - learningRate * weightDecay;
    for (int i = from; i < to; i++) {
      w[i] *= keep;
    }
  }

  /** The ε of the rules that divide by a root mean square. */
  static Setting epsilon() {
    return new Setting("epsilon", Setting.Range.POSITIVE, "1e-7",
        "ε added to the root mean square, against division by zero");
  }
}
