package dev.neuron.train;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;

/**
 * Test-only switches that disturb a training run on purpose, so tests can show that a disturbed
 * run ends with the same bits as an undisturbed one. Both are Spark configuration keys (pass them
 * with {@code --conf}, {@code -D} or {@code spark-defaults.conf}); each value is
 * {@code partition:step}, both counted from 0, the step counted across epochs
 * ({@code epoch · stepsPerEpoch + stepInEpoch}):
 *
 * <ul>
 *   <li>{@value #FAIL_TASK}: the task for that partition throws at that step on its first attempt;
 *       Spark retries it (local mode needs a master {@code local[N,maxFailures]}, e.g.
 *       {@code local[2,4]}).
 *   <li>{@value #EXIT_EXECUTOR}: the executor running that task exits the JVM (status 137, as a
 *       {@code kill -9} would report) on its first attempt; for standalone clusters only, since in
 *       local mode the executor is the driver.
 * </ul>
 *
 * The task reads each key from the submitting thread's local properties first (so a test can set
 * it per job with {@code setLocalProperty}), then from its executor's copy of the application's
 * configuration, so nothing extra travels with the task. "First attempt" means the first attempt
 * of the task in the first attempt of its stage: a retried gang (barrier) stage starts its tasks'
 * attempt numbers at 0 again.
 */
public final class FaultInjection {
  public static final String FAIL_TASK = "spark.neuron.test.failTask";
  public static final String EXIT_EXECUTOR = "spark.neuron.test.exitExecutor";

  private FaultInjection() {}

  /** Called by a training task before it computes global step {@code step}. */
  public static void beforeStep(long step) {
    TaskContext task = TaskContext.get();
    SparkEnv env = SparkEnv.get();
    if (task == null || env == null || task.attemptNumber() != 0
        || task.stageAttemptNumber() != 0) {
      return;
    }
    SparkConf conf = env.conf();
    int partition = task.partitionId();
    if (matches(setting(task, conf, FAIL_TASK), FAIL_TASK, partition, step)) {
      throw new IllegalStateException("injected task failure (" + FAIL_TASK + "=" + partition
          + ":" + step + ", attempt 0)");
    }
    if (matches(setting(task, conf, EXIT_EXECUTOR), EXIT_EXECUTOR, partition, step)) {
      System.err.println("injected executor exit (" + EXIT_EXECUTOR + "=" + partition + ":" + step
          + ")");
      System.exit(137);
    }
  }

  private static String setting(TaskContext task, SparkConf conf, String key) {
    String local = task.getLocalProperty(key);
    return local != null ? local : conf.get(key, "");
  }

  static boolean matches(String spec, String key, int partition, long step) {
    if (spec.isEmpty()) {
      return false;
    }
    String[] parts = spec.split(":");
    try {
      if (parts.length == 2) {
        return Integer.parseInt(parts[0].trim()) == partition
            && Long.parseLong(parts[1].trim()) == step;
      }
    } catch (NumberFormatException e) {
      // Falls through to the error below.
    }
    throw new IllegalArgumentException(key + ": expected partition:step, found '" + spec + "'");
  }
}
