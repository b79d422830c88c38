package dev.neuron.optim;

import java.util.Map;

/**
 * A learning-rate schedule: the rate of optimizer step {@code t = 0, 1, …} (counted over the
 * whole run, as Keras' {@code optimizer.iterations}) given the base rate {@code lr}:
 *
 * <pre>
 *   t &lt; W:   lr·(t + 1)/W                           (linear warm-up, W = warmup_steps)
 *   t ≥ W:   lr·decay(s),  s = t − W
 *     none:         1
 *     step:         r^⌊s / D⌋                         (r = decay_rate, D = decay_steps)
 *     exponential:  r^(s / D)
 *     cosine:       (1 − α)·½(1 + cos(π·min(s, D)/D)) + α
 * </pre>
 *
 * Computed in double and rounded once to float. Keras' CosineDecay warms up from its
 * {@code initial_learning_rate} to {@code warmup_target} as {@code t/W}; here the warm-up starts
 * at {@code lr/W}, so the first step moves the weights.
 */
public record Schedule(Decay decay, int warmupSteps, int decaySteps, float decayRate,
    float alpha) {
  /** A constant rate. */
  public static final Schedule NONE = new Schedule(Decay.NONE, 0, 1, 1f, 0f);

  public Schedule {
    Decay.WARMUP_STEPS.check("schedule", warmupSteps);
    Decay.DECAY_STEPS.check("schedule", decaySteps);
    if (!(decayRate > 0) || Float.isInfinite(decayRate)) {
      throw new IllegalArgumentException("schedule decay_rate must be a positive finite number,"
          + " found " + decayRate);
    }
    Decay.ALPHA.check("schedule", alpha);
  }

  /** Builds the decay {@code key} from configured text by setting key; absent: defaults. */
  public static Schedule of(String key, Map<String, String> values) {
    Decay d = Decay.fromKey(key);
    SettingValues v = SettingValues.resolve("schedule", d.settings(), values,
        k -> new IllegalArgumentException(k + ": not a setting of schedule " + d.key()
            + " (it takes " + d.settings().stream().map(Setting::key).toList() + ")"));
    return new Schedule(d, v.count(Decay.WARMUP_STEPS),
        d.takes(Decay.DECAY_STEPS.key()) ? v.count(Decay.DECAY_STEPS) : 1,
        d.takes("decay_rate") ? v.values().get("decay_rate") : 1f,
        d.takes(Decay.ALPHA.key()) ? v.number(Decay.ALPHA) : 0f);
  }

  /** Whether the rate changes with the step (a decay or a warm-up). */
  public boolean varies() {
    return decay != Decay.NONE || warmupSteps > 0;
  }

  /** The rate of step {@code t} (0 for the run's first step) for the base rate {@code lr}. */
  public float rate(float lr, long t) {
    if (t < warmupSteps) {
      return (float) ((double) lr * (t + 1) / warmupSteps);
    }
    long s = t - warmupSteps;
    double f = switch (decay) {
      case NONE -> 1;
      case STEP -> Math.pow(decayRate, s / decaySteps);
      case EXPONENTIAL -> Math.pow(decayRate, (double) s / decaySteps);
      case COSINE -> (1.0 - alpha) * 0.5 * (1 + Math.cos(Math.PI * Math.min(s, decaySteps)
          / decaySteps)) + alpha;
    };
    return (float) (lr * f);
  }

  /** The schedule's settings by key, for logs, fingerprints and model files. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("schedule", decay.key());
    m.put(Decay.WARMUP_STEPS.key(), warmupSteps);
    if (decay != Decay.NONE) {
      m.put(Decay.DECAY_STEPS.key(), decaySteps);
    }
    if (decay == Decay.STEP || decay == Decay.EXPONENTIAL) {
      m.put("decay_rate", decayRate);
    }
    if (decay == Decay.COSINE) {
      m.put(Decay.ALPHA.key(), alpha);
    }
    return m;
  }
}
