package dev.neuron.optim;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The learning-rate decays Neuron knows, each with the settings it declares (Keras' names; steps
 * are optimizer steps, as Keras' {@code LearningRateSchedule}s count them). Every decay also takes
 * {@link #WARMUP_STEPS}. The CLI's {@code schedule.*} keys and the Spark ML params derive from
 * these declarations; {@link Schedule} applies them.
 */
public enum Decay implements SettingChoice {
  /** A constant rate (after any warm-up). */
  NONE("none"),
  /** {@code lr·decay_rate^⌊s / decay_steps⌋}: Keras' ExponentialDecay with staircase=True. */
  STEP("step", Declared.DECAY_STEPS, Declared.STEP_RATE),
  /** {@code lr·decay_rate^(s / decay_steps)}: Keras' ExponentialDecay. */
  EXPONENTIAL("exponential", Declared.DECAY_STEPS, Declared.EXPONENTIAL_RATE),
  /**
   * {@code lr·((1 − α)·½(1 + cos(π·min(s, decay_steps) / decay_steps)) + α)}: Keras' CosineDecay,
   * ending at {@code α·lr}.
   */
  COSINE("cosine", Declared.DECAY_STEPS, Declared.ALPHA);

  /** Linear warm-up over the first W steps (see {@link Schedule}); 0: none. */
  public static final Setting WARMUP_STEPS = Declared.WARMUP_STEPS;
  public static final Setting DECAY_STEPS = Declared.DECAY_STEPS;
  public static final Setting ALPHA = Declared.ALPHA;

  /** The declarations, in a class of their own: enum constants are built before enum statics. */
  private static final class Declared {
    static final Setting WARMUP_STEPS = new Setting("warmup_steps", Setting.Range.COUNT, "0",
        "steps of linear warm-up: step t < W uses lr·(t + 1)/W and the decay counts its steps"
            + " from W; 0: none");
    static final Setting DECAY_STEPS = new Setting("decay_steps", Setting.Range.POSITIVE_COUNT,
        "1000", "steps over which the rate decays: by decay_rate once every decay_steps (step),"
            + " by decay_rate per decay_steps continuously (exponential), or to α·lr (cosine)");
    static final Setting STEP_RATE = new Setting("decay_rate", Setting.Range.POSITIVE, "0.1",
        "the factor applied per decay_steps");
    static final Setting EXPONENTIAL_RATE = new Setting("decay_rate", Setting.Range.POSITIVE,
        "0.96", "the factor applied per decay_steps");
    static final Setting ALPHA = new Setting("alpha", Setting.Range.UNIT, "0",
        "cosine: the final rate as a fraction of the learning rate");
  }

  private final String key;
  private final List<Setting> settings;

  Decay(String key, Setting... own) {
    this.key = key;
    this.settings = Stream.concat(Stream.of(Declared.WARMUP_STEPS), Arrays.stream(own)).toList();
  }

  /** Configuration name: {@code none}, {@code step}, {@code exponential} or {@code cosine}. */
  @Override
  public String key() {
    return key;
  }

  @Override
  public List<Setting> settings() {
    return settings;
  }

  public static Decay fromKey(String key) {
    return SettingChoice.fromKey(values(), key, "schedule");
  }

  /** {@code none, step, exponential, cosine}. */
  public static String keys() {
    return SettingChoice.keys(values());
  }
}
