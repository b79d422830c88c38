package dev.neuron.optim;

import java.util.List;
import java.util.Map;

/**
 * Adam, Keras' formulation (defaults {@code lr = 0.001, β1 = 0.9, β2 = 0.999, ε = 1e-7}); at step
 * {@code t = 1, 2, …}:
 *
 * <pre>
 *   w ← w·(1 − lr·λ)                    (λ = weight_decay; AdamW, as PyTorch's, if λ > 0)
 *   m ← β1·m + (1 − β1)·g
 *   v ← β2·v + (1 − β2)·g²
 *   α = lr·√(1 − β2^t) / (1 − β1^t)
 *   w ← w − α·m / (√v + ε)
 * </pre>
 */
public record Adam(float learningRate, float beta1, float beta2, float epsilon,
    float weightDecay) implements ElementWise {
  static final Setting LEARNING_RATE = Optimizer.learningRate("0.001");
  static final Setting BETA_1 = new Setting("beta_1", Setting.Range.UNIT, "0.9",
      "adam β1, the decay of the first moment");
  static final Setting BETA_2 = new Setting("beta_2", Setting.Range.UNIT, "0.999",
      "adam β2, the decay of the second moment");
  static final Setting EPSILON = Optimizer.epsilon();
  static final Setting WEIGHT_DECAY = Optimizer.weightDecay();
  /** Declared once; configuration keys and Spark ML params derive from these. */
  public static final List<Setting> SETTINGS = List.of(LEARNING_RATE, BETA_1, BETA_2, EPSILON,
      WEIGHT_DECAY);

  public Adam {
    LEARNING_RATE.check("adam", learningRate);
    BETA_1.check("adam", beta1);
    BETA_2.check("adam", beta2);
    EPSILON.check("adam", epsilon);
    WEIGHT_DECAY.check("adam", weightDecay);
  }

  /** Without weight decay. */
  public Adam(float learningRate, float beta1, float beta2, float epsilon) {
    this(learningRate, beta1, beta2, epsilon, 0f);
  }

  static Adam of(SettingValues v) {
    return new Adam(v.number(LEARNING_RATE), v.number(BETA_1), v.number(BETA_2),
        v.number(EPSILON), v.number(WEIGHT_DECAY));
  }

  public static Adam defaults() {
    return (Adam) UpdateRule.ADAM.defaults();
  }

  @Override
  public Adam withLearningRate(float lr) {
    return new Adam(lr, beta1, beta2, epsilon, weightDecay);
  }

  @Override
  public OptimizerState newState(int n) {
    return OptimizerState.zeros(2, n);
  }

  @Override
  public void update(float[] w, float[] g, OptimizerState state, int from, int to) {
    long t = state.steps();
    float[] m = state.slot(0);
    float[] v = state.slot(1);
    float alpha = (float) (learningRate * Math.sqrt(1 - Math.pow(beta2, t))
        / (1 - Math.pow(beta1, t)));
    float b1 = beta1;
    float b2 = beta2;
    float eps = epsilon;
    Optimizer.decay(w, learningRate, weightDecay, from, to);
    for (int i = from; i < to; i++) {
      float gi = g[i];
      m[i] = b1 * m[i] + (1f - b1) * gi;
      v[i] = b2 * v[i] + (1f - b2) * gi * gi;
      w[i] -= alpha * m[i] / ((float) Math.sqrt(v[i]) + eps);
    }
  }

  @Override
  public UpdateRule rule() {
    return UpdateRule.ADAM;
  }

  @Override
  public Map<String, Object> hyperParameters() {
    return SettingValues.describe(SETTINGS, learningRate, beta1, beta2, epsilon, weightDecay);
  }
}
