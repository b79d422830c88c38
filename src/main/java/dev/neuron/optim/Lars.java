package dev.neuron.optim;

import java.util.List;
import java.util.Map;

/**
 * LARS, layer-wise adaptive rate scaling (You, Gitman and Ginsburg 2017, "Large Batch Training of
 * Convolutional Networks", Algorithm 1, with the trust coefficient η of the paper's local learning
 * rate, as TensorFlow's LARSOptimizer has it): SGD with momentum whose step in each tensor is
 * scaled by a trust ratio, so every tensor moves by about the same fraction of its norm. Per tensor
 * ({@link Tensors}: each layer's {@code W} and {@code b} separately), at the step's rate
 * {@code lr}:
 *
 * <pre>
 *   λ = η·‖w‖ / (‖g‖ + β·‖w‖)     (η = trust_coefficient, β = weight_decay; 1 if ‖w‖ or ‖g‖ is 0)
 *   v ← m·v + lr·λ·(g + β·w)         (m = momentum)
 *   w ← w − v
 * </pre>
 *
 * Norms are Euclidean, in double, in an order that does not depend on threads
 * ({@link TensorSums}). β is the paper's weight decay: an L2 term inside the trust ratio, not the
 * decoupled decay of the other rules. The fallback 1 is TensorFlow's reference implementation's;
 * it gives a zero-initialized bias one plain step ({@code lr·g}) before its own ratio takes over,
 * which a warm-up ({@code schedule.warmup_steps}) keeps small.
 */
public record Lars(float learningRate, float momentum, float weightDecay, float trustCoefficient)
    implements Optimizer {
  static final Setting LEARNING_RATE = Optimizer.learningRate("1");
  static final Setting MOMENTUM = new Setting("momentum", Setting.Range.UNIT, "0.9",
      "lars momentum m of the velocity v ← m·v + lr·λ·(g + β·w)");
  static final Setting WEIGHT_DECAY = new Setting("weight_decay", Setting.Range.NON_NEGATIVE,
      "0.0001", "lars β: the paper's L2 weight decay g + β·w, inside the trust ratio λ");
  static final Setting TRUST_COEFFICIENT = new Setting("trust_coefficient",
      Setting.Range.POSITIVE, "0.001",
      "lars η of the trust ratio λ = η·‖w‖/(‖g‖ + β·‖w‖), per tensor (each layer's W and b)");
  /** Declared once (TensorFlow's LARSOptimizer defaults); keys and params derive from these. */
  public static final List<Setting> SETTINGS = List.of(LEARNING_RATE, MOMENTUM, WEIGHT_DECAY,
      TRUST_COEFFICIENT);

  public Lars {
    LEARNING_RATE.check("lars", learningRate);
    MOMENTUM.check("lars", momentum);
    WEIGHT_DECAY.check("lars", weightDecay);
    TRUST_COEFFICIENT.check("lars", trustCoefficient);
  }

  static Lars of(SettingValues v) {
    return new Lars(v.number(LEARNING_RATE), v.number(MOMENTUM), v.number(WEIGHT_DECAY),
        v.number(TRUST_COEFFICIENT));
  }

  @Override
  public Lars withLearningRate(float lr) {
    return new Lars(lr, momentum, weightDecay, trustCoefficient);
  }

  @Override
  public OptimizerState newState(int n) {
    return OptimizerState.zeros(1, n);
  }

  @Override
  public Update prepare(float[] w, float[] g, OptimizerState state, Tensors tensors) {
    double[] wn = TensorSums.norms(w, tensors);
    double[] gn = TensorSums.norms(g, tensors);
    float[] scale = new float[tensors.count()];
    for (int k = 0; k < scale.length; k++) {
      double ratio = TensorSums.ratio(wn[k], gn[k],
          trustCoefficient * wn[k] / (gn[k] + weightDecay * wn[k]));
      scale[k] = (float) (learningRate * ratio);
    }
    float[] v = state.slot(0);
    float mu = momentum;
    float beta = weightDecay;
    return (from, to) -> TensorSums.forEachPiece(tensors, from, to, (k, a, b) -> {
      float s = scale[k];
      for (int i = a; i < b; i++) {
        float vi = mu * v[i] + s * (g[i] + beta * w[i]);
        v[i] = vi;
        w[i] -= vi;
      }
    });
  }

  @Override
  public UpdateRule rule() {
    return UpdateRule.LARS;
  }

  @Override
  public Map<String, Object> hyperParameters() {
    return SettingValues.describe(SETTINGS, learningRate, momentum, weightDecay,
        trustCoefficient);
  }
}
