package dev.neuron.optim;

import java.util.List;
import java.util.Map;

/**
 * LAMB, layer-wise adaptive moments (You et al. 2019, "Large Batch Optimization for Deep
 * Learning: Training BERT in 76 minutes", Algorithm 2 with φ the identity): Adam's direction,
 * scaled in each tensor by a trust ratio. At step {@code t = 1, 2, …}, per tensor
 * ({@link Tensors}: each layer's {@code W} and {@code b} separately):
 *
 * <pre>
 *   m ← β1·m + (1 − β1)·g
 *   v ← β2·v + (1 − β2)·g²
 *   r = (m / (1 − β1^t)) / (√(v / (1 − β2^t)) + ε) + λ·w      (λ = weight_decay)
 *   w ← w − lr·(‖w‖ / ‖r‖)·r                                  (ratio 1 where ‖w‖ or ‖r‖ is 0)
 * </pre>
 *
 * Unlike {@link Adam} (Keras' form), ε is added to the bias-corrected root, as in the paper. λ is
 * the paper's decoupled weight decay, inside the trust ratio. Norms are Euclidean, in double, in
 * an order that does not depend on threads ({@link TensorSums}); the fallback 1 is TensorFlow's
 * reference implementation's (a zero-initialized bias takes Adam's plain step once).
 */
public record Lamb(float learningRate, float beta1, float beta2, float epsilon, float weightDecay)
    implements Optimizer {
  static final Setting LEARNING_RATE = Optimizer.learningRate("0.001");
  static final Setting BETA_1 = new Setting("beta_1", Setting.Range.UNIT, "0.9",
      "lamb β1, the decay of the first moment");
  static final Setting BETA_2 = new Setting("beta_2", Setting.Range.UNIT, "0.999",
      "lamb β2, the decay of the second moment");
  static final Setting EPSILON = new Setting("epsilon", Setting.Range.POSITIVE, "1e-6",
      "lamb ε added to the bias-corrected root mean square");
  static final Setting WEIGHT_DECAY = new Setting("weight_decay", Setting.Range.NON_NEGATIVE,
      "0", "lamb λ: the paper's decoupled weight decay r + λ·w, inside the trust ratio");
  /** Declared once (the paper's and TensorFlow Addons' defaults); keys and params derive. */
  public static final List<Setting> SETTINGS = List.of(LEARNING_RATE, BETA_1, BETA_2, EPSILON,
      WEIGHT_DECAY);

  public Lamb {
    LEARNING_RATE.check("lamb", learningRate);
    BETA_1.check("lamb", beta1);
    BETA_2.check("lamb", beta2);
    EPSILON.check("lamb", epsilon);
    WEIGHT_DECAY.check("lamb", weightDecay);
  }

  static Lamb of(SettingValues v) {
    return new Lamb(v.number(LEARNING_RATE), v.number(BETA_1), v.number(BETA_2),
        v.number(EPSILON), v.number(WEIGHT_DECAY));
  }

  @Override
  public Lamb withLearningRate(float lr) {
    return new Lamb(lr, beta1, beta2, epsilon, weightDecay);
  }

  @Override
  public OptimizerState newState(int n) {
    return OptimizerState.zeros(2, n);
  }

  /**
   * Moves the moments to step t and takes ‖r‖ per tensor in one pass; the update recomputes r
   * from the new moments with the same operations, so it uses the very values whose norm it took.
   */
  @Override
  public Update prepare(float[] w, float[] g, OptimizerState state, Tensors tensors) {
    long t = state.steps();
    float[] m = state.slot(0);
    float[] v = state.slot(1);
    float b1 = beta1;
    float b2 = beta2;
    float c1 = (float) (1 - Math.pow(beta1, t));
    float c2 = (float) (1 - Math.pow(beta2, t));
    float eps = epsilon;
    float lambda = weightDecay;
    double[] wn = TensorSums.norms(w, tensors);
    double[] rn = TensorSums.perTensor(tensors, (from, to) -> {
      double s = 0;
      for (int i = from; i < to; i++) {
        float gi = g[i];
        float mi = b1 * m[i] + (1f - b1) * gi;
        float vi = b2 * v[i] + (1f - b2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        double ri = r(mi, vi, w[i], c1, c2, eps, lambda);
        s += ri * ri;
      }
      return s;
    });
    float[] scale = new float[tensors.count()];
    for (int k = 0; k < scale.length; k++) {
      double norm = Math.sqrt(rn[k]);
      scale[k] = (float) (learningRate * TensorSums.ratio(wn[k], norm, wn[k] / norm));
    }
    return (from, to) -> TensorSums.forEachPiece(tensors, from, to, (k, a, b) -> {
      float s = scale[k];
      for (int i = a; i < b; i++) {
        w[i] -= s * r(m[i], v[i], w[i], c1, c2, eps, lambda);
      }
    });
  }

  /** {@code r = (m/c1) / (√(v/c2) + ε) + λ·w}, one element. */
  private static float r(float m, float v, float w, float c1, float c2, float eps,
      float lambda) {
    return (m / c1) / ((float) Math.sqrt(v / c2) + eps) + lambda * w;
  }

  @Override
  public UpdateRule rule() {
    return UpdateRule.LAMB;
  }

  @Override
  public Map<String, Object> hyperParameters() {
    return SettingValues.describe(SETTINGS, learningRate, beta1, beta2, epsilon, weightDecay);
  }
}
