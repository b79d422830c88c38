package dev.neuron.train.gang;

import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.network.util.JavaUtils;

/**
 * The gang's settings, each declared once here (key, default, meaning), and read one way: a
 * job-local property (what a caller sets for one run), else the Spark conf (spark-defaults.conf,
 * {@code --conf}, {@code -D}), else the default. {@code --help} and
 * {@code conf/spark-defaults.conf.template} list them from this declaration.
 */
public enum GangSetting {
  PORT("spark.neuron.gang.port", "0", "the driver's gang channel listens on"
      + " spark.driver.bindAddress at this port (0: any free port; otherwise up to"
      + " spark.port.maxRetries ports above it)"),
  HANDSHAKE_TIMEOUT("spark.neuron.gang.handshakeTimeout", "30s", "a peer that has not"
      + " introduced itself (after Spark's authentication) within this is disconnected"),
  TIMEOUT("spark.neuron.gang.timeout", "120s", "a task waits this long for the driver (which"
      + " says \"keep waiting\" while it works between steps); the driver waits this long for a"
      + " task's answer, then launches the gang's stage anew"),
  STEP_FAILURES("spark.neuron.gang.stepFailures", "4", "how often one step may fail in a row (a"
      + " task failure, a stage Spark gives up on, a silent task) before the run fails; each"
      + " failure recomputes the step on a retried or new stage, same bits"),
  TRANSPORT("spark.neuron.gang.transport", "auto", "auto: tasks in the driver's JVM (local mode)"
      + " join over Netty's in-JVM transport and hand weights and gradients over by reference;"
      + " tcp: always the loopback/network channel"),
  COMBINE("spark.neuron.gang.combine", "auto", "how gang tasks on TCP combine their gradients:"
      + " star (each sends its own to the driver), tree (a binomial tree of tasks adds them and"
      + " relays the weights: the driver moves one frame each way per step instead of one per"
      + " task; same bits), auto: a tree from " + Combine.TREE_FROM + " partitions on"),
  WIRE("spark.neuron.gang.wire", "f32", "how the gang's weights and gradients travel: f32, or"
      + " bf16 (half the bytes: bfloat16 with error feedback both ways, the driver's weights"
      + " still float32; the same bits in-JVM, over TCP and after any failure; the star only, so"
      + " auto never picks the tree; jobs mode ignores it). README, \"A 16-bit wire\""),
  FLUSH_STEPS("spark.neuron.gang.flushSteps", "64", "bf16 wire: the window in steps; its last"
      + " step (and each epoch's) goes as float32 and empties the tasks' residuals; a relaunched"
      + " task replays at most this many steps, which the driver keeps");

  /**
   * A setting as declared: the Spark setting's name ({@code spark.neuron.gang.…}), its default,
   * and what it does in one sentence, for {@code --help} and the conf template.
   */
  public record Declaration(String key, String defaultValue, String meaning) {}

  private final Declaration declared;

  GangSetting(String key, String defaultValue, String meaning) {
    declared = new Declaration(key, defaultValue, meaning);
  }

  public Declaration declared() {
    return declared;
  }

  /** {@link Declaration#key()}. */
  public String key() {
    return declared.key();
  }

  /** The value for this run: job-local property, else Spark conf, else the default; trimmed. */
  String read(JavaSparkContext jsc) {
    String v = jsc.getLocalProperty(key());
    if (v == null || v.isBlank()) {
      v = jsc.getConf().get(key(), declared.defaultValue());
    }
    return v.trim();
  }

  /** A whole number ≥ 0. */
  int count(JavaSparkContext jsc) {
    String v = read(jsc);
    try {
      int n = Integer.parseInt(v);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException(key() + " must be a whole number >= 0, found '" + v
        + "'");
  }

  /** A duration as Spark writes them ({@code 30s}, {@code 2min}; a bare number is ms). */
  long millis(JavaSparkContext jsc) {
    String v = read(jsc);
    try {
      return JavaUtils.timeStringAsMs(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key() + " must be a duration such as 30s, found '" + v
          + "'", e);
    }
  }

  /** Whether this run's gang bodies travel as bfloat16 ({@link #WIRE}). */
  public static boolean bf16Wire(JavaSparkContext jsc) {
    return WIRE.choice(WireFormat.class, jsc) == WireFormat.BF16;
  }

  /** One of {@code type}'s constants, by its name in lower case. */
  <E extends Enum<E>> E choice(Class<E> type, JavaSparkContext jsc) {
    return parse(type, read(jsc));
  }

  <E extends Enum<E>> E parse(Class<E> type, String value) {
    for (E e : type.getEnumConstants()) {
      if (e.name().toLowerCase(Locale.ROOT).equals(value.trim().toLowerCase(Locale.ROOT))) {
        return e;
      }
    }
    throw new IllegalArgumentException(key() + " must be one of " + Arrays.stream(
        type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList()
        + ", found '" + value + "'");
  }

  /**
   * Every setting as {@code key (default)} and its meaning wrapped below it, indented by
   * {@code indent} spaces, for {@code --help}.
   */
  public static String usage(int indent) {
    String pad = " ".repeat(indent);
    StringBuilder b = new StringBuilder();
    for (GangSetting s : values()) {
      b.append(pad).append(s.key()).append(" (default ").append(s.declared.defaultValue())
          .append(")\n");
      StringBuilder line = new StringBuilder(pad + "    ");
      for (String word : s.declared.meaning().split(" ")) {
        if (line.length() + word.length() > 96 && !line.toString().isBlank()) {
          b.append(line.toString().stripTrailing()).append('\n');
          line = new StringBuilder(pad + "    ");
        }
        line.append(word).append(' ');
      }
      b.append(line.toString().stripTrailing()).append('\n');
    }
    return b.toString();
  }
}
