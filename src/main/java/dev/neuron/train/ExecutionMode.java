package dev.neuron.train;

import java.util.Locale;

/**
 * How training steps are executed; every mode runs the same synchronous algorithm and gives the same
 * bits. The trainer decides what {@link #AUTO} means for a run ({@link ModeChoice}).
 */
public enum ExecutionMode {
  /**
   * {@link #GANG} where Spark can run a barrier stage with every partition's task at once, else
   * {@link #JOBS}: the default.
   */
  AUTO,
  /** One Spark job per step: works under any scheduler, dynamic allocation included. */
  JOBS,
  /**
   * One barrier stage for the whole run: a long-lived task per partition, fed weights and
   * returning gradients over a channel to the driver, so Spark's job cost is paid once. Where
   * Spark cannot run that stage, the run warns and takes {@link #JOBS}.
   */
  GANG;

  /**
   * Spark setting (or job-local property) for gang mode's channel: {@code auto}, the default, lets
   * tasks in the driver's JVM (local mode) join in-JVM; {@code tcp} keeps every task on TCP.
   */
  public static final String GANG_TRANSPORT = "spark.neuron.gang.transport";

  /**
   * Spark setting (or job-local property) for how gang tasks over TCP combine their gradients:
   * {@code star} (each sends its own to the driver), {@code tree} (a binomial tree of tasks adds
   * them and relays the weights, so the driver moves one frame each way per step), or
   * {@code auto}, the default: a tree from 8 partitions on.
   */
  public static final String GANG_COMBINE = "spark.neuron.gang.combine";

  /**
   * Spark setting (or job-local property) for how gang mode's weights and gradients travel:
   * {@code f32}, the default, or {@code bf16}: half the bytes, bfloat16 with error feedback both
   * ways, the driver's weights still float32 (README, "A 16-bit wire"). The rounding happens in
   * every task whatever its transport, so in-JVM and TCP members give the same bits; it needs the
   * star ({@link #GANG_COMBINE} {@code auto} then never picks the tree). Jobs mode ignores it.
   */
  public static final String GANG_WIRE = "spark.neuron.gang.wire";

  /**
   * Spark setting for the bf16 wire's window, in steps (default 64): the last step of each window
   * (and of each epoch) sends float32 and empties the tasks' residuals; a relaunched task replays
   * at most this many steps, and the driver keeps that many changes for it.
   */
  public static final String GANG_FLUSH_STEPS = "spark.neuron.gang.flushSteps";

  /** The mode's configuration key: {@code auto}, {@code jobs} or {@code gang}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ExecutionMode fromKey(String key) {
    try {
      return valueOf(key.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown execution mode '" + key
          + "', expected auto, jobs or gang");
    }
  }
}
