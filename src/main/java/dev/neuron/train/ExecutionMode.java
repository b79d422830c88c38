package dev.neuron.train;

import java.util.Locale;

/** How training steps are executed; both run the same synchronous algorithm. */
public enum ExecutionMode {
  /** One Spark job per step: works under any scheduler, dynamic allocation included. */
  JOBS,
  /**
   * One barrier stage for the whole run: a long-lived task per partition, fed weights and
   * returning gradients over a channel to the driver, so Spark's job cost is paid once.
   */
  GANG;

  /**
   * Spark setting (or job-local property) for gang mode's channel: {@code auto}, the default, lets
   * tasks in the driver's JVM (local mode) join in-JVM; {@code tcp} keeps every task on TCP.
   */
  public static final String GANG_TRANSPORT = "spark.neuron.gang.transport";

  public static ExecutionMode fromKey(String key) {
    try {
      return valueOf(key.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown execution mode '" + key
          + "', expected jobs or gang");
    }
  }
}
