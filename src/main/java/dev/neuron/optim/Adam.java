package dev.neuron.optim;

import java.util.Map;

/**
 * Adam, Keras' formulation (defaults {@code lr = 0.001, β1 = 0.9, β2 = 0.999, ε = 1e-7}); at step
 * {@code t = 1, 2, …}:
 *
 * <pre>
 *   m ← β1·m + (1 − β1)·g
 *   v ← β2·v + (1 − β2)·g²
 *   α = lr·√(1 − β2^t) / (1 − β1^t)
 *   w ← w − α·m / (√v + ε)
 * </pre>
 */
public record Adam(float learningRate, float beta1, float beta2, float epsilon)
    implements Optimizer {

  public Adam {
    Optimizer.requirePositive("adam learning_rate", learningRate);
    Optimizer.requireUnit("adam beta_1", beta1);
    Optimizer.requireUnit("adam beta_2", beta2);
    Optimizer.requirePositive("adam epsilon", epsilon);
  }

  public static Adam defaults() {
    return new Adam(0.001f, 0.9f, 0.999f, 1e-7f);
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
    for (int i = from; i < to; i++) {
      float gi = g[i];
      m[i] = b1 * m[i] + (1f - b1) * gi;
      v[i] = b2 * v[i] + (1f - b2) * gi * gi;
      w[i] -= alpha * m[i] / ((float) Math.sqrt(v[i]) + eps);
    }
  }

  @Override
  public String key() {
    return "adam";
  }

  @Override
  public Map<String, Object> hyperParameters() {
    return Map.of("learning_rate", learningRate, "beta_1", beta1, "beta_2", beta2,
        "epsilon", epsilon);
  }
}
