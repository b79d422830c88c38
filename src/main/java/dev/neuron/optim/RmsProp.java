package dev.neuron.optim;

import java.util.List;
import java.util.Map;

/**
 * RMSprop (Keras defaults {@code lr = 0.001, ρ = 0.9, ε = 1e-7}; {@code v} starts at zero):
 *
 * <pre>
 *   v ← ρ·v + (1 − ρ)·g²
 *   w ← w − lr·g / (√v + ε)
 * </pre>
 */
public record RmsProp(float learningRate, float rho, float epsilon) implements ElementWise {
  static final Setting LEARNING_RATE = Optimizer.learningRate("0.001");
  static final Setting RHO = new Setting("rho", Setting.Range.UNIT, "0.9",
      "rmsprop ρ, the decay of the mean square");
  static final Setting EPSILON = Optimizer.epsilon();
  /** Declared once; configuration keys and Spark ML params derive from these. */
  public static final List<Setting> SETTINGS = List.of(LEARNING_RATE, RHO,
      EPSILON);

  public RmsProp {
    LEARNING_RATE.check("rmsprop", learningRate);
    RHO.check("rmsprop", rho);
    EPSILON.check("rmsprop", epsilon);
  }

  static RmsProp of(SettingValues v) {
    return new RmsProp(v.number(LEARNING_RATE), v.number(RHO), v.number(EPSILON));
  }

  public static RmsProp defaults() {
    return (RmsProp) UpdateRule.RMSPROP.defaults();
  }

  @Override
  public RmsProp withLearningRate(float lr) {
    return new RmsProp(lr, rho, epsilon);
  }

  @Override
  public OptimizerState newState(int n) {
    return OptimizerState.zeros(1, n);
  }

  @Override
  public void update(float[] w, float[] g, OptimizerState state, int from, int to) {
    float[] v = state.slot(0);
    float lr = learningRate;
    float r = rho;
    float r1 = 1f - rho;
    float eps = epsilon;
    for (int i = from; i < to; i++) {
      float gi = g[i];
      float vi = r * v[i] + r1 * gi * gi;
      v[i] = vi;
      w[i] -= lr * gi / ((float) Math.sqrt(vi) + eps);
    }
  }

  @Override
  public UpdateRule rule() {
    return UpdateRule.RMSPROP;
  }

  @Override
  public Map<String, Object> hyperParameters() {
    return SettingValues.describe(SETTINGS, learningRate, rho, epsilon);
  }
}
