package dev.neuron.optim;

import java.util.List;
import java.util.Map;

/**
 * Minibatch stochastic gradient descent, Keras' formulation. Full-batch gradient descent is this
 * rule with the whole data set as the batch.
 *
 * <pre>
 *   weight decay:   w ← w·(1 − lr·λ)                       (λ = weight_decay; first, if λ > 0)
 *   momentum = 0:   w ← w − lr·g
 *   otherwise:      v ← μ·v − lr·g;   w ← w + v            (classical)
 *                                     w ← w + μ·v − lr·g   (Nesterov)
 * </pre>
 *
 * With λ > 0 this is SGDW (decoupled weight decay, {@link Optimizer#weightDecay()}); PyTorch's
 * SGD {@code weight_decay} is instead an L2 term added to the gradient.
 */
public record Sgd(float learningRate, float momentum, boolean nesterov, float weightDecay)
    implements ElementWise {
  static final Setting LEARNING_RATE = Optimizer.learningRate("0.01");
  static final Setting MOMENTUM = new Setting("momentum", Setting.Range.UNIT, "0",
      "sgd momentum μ, the velocity's decay per step; 0: plain gradient descent");
  static final Setting NESTEROV = new Setting("nesterov", Setting.Range.FLAG, "false",
      "sgd: Nesterov's look-ahead form of momentum");
  static final Setting WEIGHT_DECAY = Optimizer.weightDecay();
  /** Declared once; configuration keys and Spark ML params derive from these. */
  public static final List<Setting> SETTINGS = List.of(LEARNING_RATE, MOMENTUM, NESTEROV,
      WEIGHT_DECAY);

  public Sgd {
    LEARNING_RATE.check("sgd", learningRate);
    MOMENTUM.check("sgd", momentum);
    WEIGHT_DECAY.check("sgd", weightDecay);
  }

  /** Without weight decay. */
  public Sgd(float learningRate, float momentum, boolean nesterov) {
    this(learningRate, momentum, nesterov, 0f);
  }

  static Sgd of(SettingValues v) {
    return new Sgd(v.number(LEARNING_RATE), v.number(MOMENTUM), v.flag(NESTEROV),
        v.number(WEIGHT_DECAY));
  }

  public static Sgd plain(float learningRate) {
    return new Sgd(learningRate, 0f, false);
  }

  public static Sgd withMomentum(float learningRate, float momentum) {
    return new Sgd(learningRate, momentum, false);
  }

  public static Sgd withNesterov(float learningRate, float momentum) {
    return new Sgd(learningRate, momentum, true);
  }

  @Override
  public Sgd withLearningRate(float lr) {
    return new Sgd(lr, momentum, nesterov, weightDecay);
  }

  @Override
  public OptimizerState newState(int n) {
    return OptimizerState.zeros(momentum == 0f ? 0 : 1, n);
  }

  @Override
  public void update(float[] w, float[] g, OptimizerState state, int from, int to) {
    float lr = learningRate;
    Optimizer.decay(w, lr, weightDecay, from, to);
    if (momentum == 0f) {
      for (int i = from; i < to; i++) {
        w[i] -= lr * g[i];
      }
      return;
    }
    float[] v = state.slot(0);
    float mu = momentum;
    for (int i = from; i < to; i++) {
      v[i] = mu * v[i] - lr * g[i];
      w[i] += nesterov ? mu * v[i] - lr * g[i] : v[i];
    }
  }

  @Override
  public UpdateRule rule() {
    return UpdateRule.SGD;
  }

  @Override
  public Map<String, Object> hyperParameters() {
    return SettingValues.describe(SETTINGS, learningRate, momentum, nesterov, weightDecay);
  }
}
