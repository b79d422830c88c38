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
