package dev.neuron.train;

import dev.neuron.optim.Setting;
import dev.neuron.optim.SettingValues;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic averaging (post-local SGD, Lin et al. 2020; DL4J's parameter averaging): after
 * {@code warmupSteps} (K) synchronous steps, each partition takes {@code steps} (H) local steps,
 * each on its own share of that step's global batch with its own copy of the optimizer state,
 * and then the driver averages the partitions' weights:
 *
 * <pre>
 *   round r (global steps t … t+h−1 of one epoch, h = min(H, steps left in the epoch)):
 *     every partition p:  w_p ← w;  for i < h:  w_p ← update(w_p, ∇_p(t+i) / n_p(t+i), s_p)
 *     w ← (Σ_p w_p) / P'   (P': partitions that had examples in the round; pairwise sum in
 *                           partition order, {@link PairwiseMerge}'s order)
 * </pre>
 *
 * One exchange with the driver per round instead of per step. What happens to the optimizer's
 * state (RMSprop's mean square, Adam's moments, momentum) is {@link LocalState}. {@code steps}
 * 1, the default, is off: every step is one synchronous update, the shape the design card fixes.
 * Every round starts from what the driver holds (weights and, for {@link LocalState#AVERAGE},
 * the averaged state), so a retried task recomputes its round from the same inputs and the bits
 * depend neither on placement nor on retries.
 */
public record LocalSgd(int steps, int warmupSteps, LocalState state) implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(LocalSgd.class);

  /** H: local steps per round; 1: off. */
  public static final Setting STEPS = new Setting("local_steps", Setting.Range.POSITIVE_COUNT,
      "1", "periodic averaging: local steps per partition between two averagings of the weights"
      + " (H); 1: off, every step one synchronous update");
  /** K: synchronous steps before the first round. */
  public static final Setting WARMUP_STEPS = new Setting("local_warmup_steps",
      Setting.Range.COUNT, "0", "periodic averaging: synchronous steps before the first round"
      + " (K), counted over the run");
  /** Declared once; configuration keys and Spark ML params derive from these. */
  public static final List<Setting> SETTINGS = List.of(STEPS, WARMUP_STEPS);
  /** The name of the state policy's key and param. */
  public static final String STATE_KEY = "local_state";

  /** Every step synchronous. */
  public static final LocalSgd OFF = new LocalSgd(1, 0, LocalState.AVERAGE);

  public LocalSgd {
    STEPS.check("periodic averaging", steps);
    WARMUP_STEPS.check("periodic averaging", warmupSteps);
    if (state == null) {
      throw new IllegalArgumentException("periodic averaging needs a state policy, one of "
          + LocalState.keys());
    }
  }

  /** What the optimizer state does across a round. */
  public enum LocalState {
    /**
     * Averaged with the weights, in the same order, and each round starts from the average: the
     * state travels with the weights both ways (RMSprop doubles the bytes of a sync, Adam
     * triples them).
     */
    AVERAGE,
    /**
     * Each round starts from fresh state (zero slots, step count 0, as a new optimizer would);
     * only the weights travel.
     */
    RESET;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The slots that travel with the weights, each way, for an optimizer with {@code slots}. */
    int slotsShipped(int slots) {
      return this == AVERAGE ? slots : 0;
    }

    public static LocalState fromKey(String key) {
      for (LocalState s : values()) {
        if (s.key().equals(key.trim().toLowerCase(Locale.ROOT))) {
          return s;
        }
      }
      throw new IllegalArgumentException("unknown " + STATE_KEY + " '" + key + "', expected one"
          + " of " + keys());
    }

    public static String keys() {
      return String.join(", ", java.util.Arrays.stream(values()).map(LocalState::key).toList());
    }
  }

  /**
   * From configured text by setting key ({@code local_steps}, {@code local_warmup_steps},
   * {@code local_state}); absent ones take their defaults; errors name the key.
   */
  public static LocalSgd of(Map<String, String> values) {
    Map<String, String> numbers = new java.util.TreeMap<>(values);
    String state = numbers.remove(STATE_KEY);
    SettingValues v;
    try {
      v = SettingValues.resolve("periodic averaging", SETTINGS, numbers,
          k -> new IllegalArgumentException(k + ": not a setting of periodic averaging (it"
              + " takes " + STEPS.key() + ", " + WARMUP_STEPS.key() + ", " + STATE_KEY + ")"));
    } catch (IllegalArgumentException e) {
      // A range error names the setting inside the message; lead with its key, as parse errors do.
      for (Setting s : SETTINGS) {
        if (e.getMessage().startsWith("periodic averaging " + s.key() + " ")) {
          throw new IllegalArgumentException(s.key() + ": " + e.getMessage(), e);
        }
      }
      throw e;
    }
    LocalState policy;
    try {
      policy = state == null ? LocalState.AVERAGE : LocalState.fromKey(state);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(STATE_KEY + ": " + e.getMessage(), e);
    }
    return new LocalSgd(v.count(STEPS), v.count(WARMUP_STEPS), policy);
  }

  /** Whether any step runs locally. */
  public boolean on() {
    return steps > 1;
  }

  /**
   * The steps of the round that starts at step {@code step} of an epoch of {@code stepsPerEpoch},
   * after {@code taken} optimizer steps of the run; 0: this step is synchronous. Rounds end with
   * their epoch, so epochs, validation and checkpoints see whole rounds only.
   */
  int roundLength(long taken, int step, int stepsPerEpoch) {
    if (!on() || taken < warmupSteps) {
      return 0;
    }
    return Math.min(steps, stepsPerEpoch - step);
  }

  /**
   * Rounds run as one Spark job each: a gang, which holds its tasks for the run and answers one
   * step at a time, is not used for them, and {@code chosen} gang mode becomes jobs, logged.
   */
  ModeChoice mode(ModeChoice chosen) {
    if (!on() || chosen.mode() != ExecutionMode.GANG) {
      return chosen;
    }
    ModeChoice c = new ModeChoice(ExecutionMode.JOBS, "periodic averaging (train.local_steps="
        + steps + ") runs one Spark job per round; rounds over a gang are not built (" +
        chosen.reason() + ")");
    LOG.info("one Spark job per round: {}", c.reason());
    return c;
  }

  /** For logs and provenance: {@code off} or {@code H=16 K=0 state=average}. */
  public String describe() {
    return on() ? "H=" + steps + " K=" + warmupSteps + " state=" + state.key() : "off";
  }
}
