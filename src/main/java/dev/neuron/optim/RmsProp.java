package dev.neuron.optim;

import java.util.Map;

/**
 * RMSprop (Keras defaults {@code lr = 0.001, ρ = 0.9, ε = 1e-7}; {@code v} starts at zero):
 *
 * <pre>
 *   v ← ρ·v + (1 − ρ)·g²
 *   w ← w − lr·g / (√v + ε)
 * </pre>
 */
public record RmsProp(float learningRate, float rho, float epsilon) implements Optimizer {

  public RmsProp {
    Optimizer.requirePositive("rmsprop learning_rate", learningRate);
    Optimizer.requireUnit("rmsprop rho", rho);
    Optimizer.requirePositive("rmsprop epsilon", epsilon);
  }

  public static RmsProp defaults() {
    return new RmsProp(0.001f, 0.9f, 1e-7f);
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
  public String key() {
    return "rmsprop";
  }

  @Override
  public Map<String, Object> hyperParameters() {
    return Map.of("learning_rate", learningRate, "rho", rho, "epsilon", epsilon);
  }
}
