package dev.neuron.train;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;

/**
 * Test-only switches that disturb a training run on purpose, so tests can show that a disturbed
 * run ends with the same bits as an undisturbed one. Each is a Spark configuration key (pass it
 * with {@code --conf}, {@code -D} or {@code spark-defaults.conf}) whose value is a comma-separated
 * list of {@code partition:step}, both counted from 0, the step counted across epochs
 * ({@code epoch · stepsPerEpoch + stepInEpoch}):
 *
 * <ul>
 *   <li>{@value #FAIL_TASK}: the task for that partition throws before it computes that step;
 *       Spark retries it (local mode needs a master {@code local[N,maxFailures]}, e.g.
 *       {@code local[2,4]}).
 *   <li>{@value #FAIL_AFTER}: a gang task throws right after it has answered that step.
 *   <li>{@value #HANG_TASK}: a gang task stops answering at that step without closing its
 *       connection, as a frozen or cut-off executor would (a half-open connection), until Spark
 *       kills it.
 *   <li>{@value #EXIT_EXECUTOR}: the executor running that task exits the JVM (status 137, as a
 *       {@code kill -9} would report) on its first attempt; for standalone clusters only, since in
 *       local mode the executor is the driver.
 * </ul>
 *
 * Each entry of the first three fires once per JVM (so once per run in local mode, where every
 * task shares the driver's JVM; a suffix {@code #tag} after the list makes it another list, which
 * fires again, so that tests sharing a JVM can each disturb their own run); the executor exit fires in the first attempt of the task in the
 * first attempt of its stage. The task reads each key from the submitting thread's local
 * properties first (so a test can set it per job with {@code setLocalProperty}), then from its
 * executor's copy of the application's configuration, so nothing extra travels with the task.
 */
public final class FaultInjection {
  public static final String FAIL_TASK = "spark.neuron.test.failTask";
  public static final String FAIL_AFTER = "spark.neuron.test.failAfterStep";
  public static final String HANG_TASK = "spark.neuron.test.hangTask";
  public static final String EXIT_EXECUTOR = "spark.neuron.test.exitExecutor";
  private static final Set<String> FIRED = ConcurrentHashMap.newKeySet();

  private FaultInjection() {}

  /** Called by a training task before it computes global step {@code step}. */
  public static void beforeStep(long step) {
    TaskContext task = TaskContext.get();
    SparkEnv env = SparkEnv.get();
    if (task == null || env == null) {
      return;
    }
    SparkConf conf = env.conf();
    int partition = task.partitionId();
    if (fires(task, conf, FAIL_TASK, partition, step)) {
      throw new IllegalStateException("injected task failure (" + FAIL_TASK + "=" + partition
          + ":" + step + ")");
    }
    if (fires(task, conf, HANG_TASK, partition, step)) {
      hang(task);
    }
    if (task.attemptNumber() == 0 && task.stageAttemptNumber() == 0
        && matches(setting(task, conf, EXIT_EXECUTOR), EXIT_EXECUTOR, partition, step)) {
      System.err.println("injected executor exit (" + EXIT_EXECUTOR + "=" + partition + ":" + step
          + ")");
      System.exit(137);
    }
  }

  /** Called by a gang task right after it has answered global step {@code step}. */
  public static void afterStep(long step) {
    TaskContext task = TaskContext.get();
    SparkEnv env = SparkEnv.get();
    if (task != null && env != null
        && fires(task, env.conf(), FAIL_AFTER, task.partitionId(), step)) {
      throw new IllegalStateException("injected task failure (" + FAIL_AFTER + "="
          + task.partitionId() + ":" + step + ")");
    }
  }

  /** Silent, its connection open, until Spark kills the task. */
  private static void hang(TaskContext task) {
    while (true) {
      task.killTaskIfInterrupted();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        task.killTaskIfInterrupted();
        throw new IllegalStateException("interrupted while hanging on purpose", e);
      }
    }
  }

  /** Whether {@code key} names this partition and step and has not fired in this JVM yet. */
  private static boolean fires(TaskContext task, SparkConf conf, String key, int partition,
      long step) {
    String spec = setting(task, conf, key);
    return matches(spec, key, partition, step)
        && FIRED.add(key + "=" + spec + "@" + partition + ":" + step);
  }

  private static String setting(TaskContext task, SparkConf conf, String key) {
    String local = task.getLocalProperty(key);
    return local != null ? local : conf.get(key, "");
  }

  static boolean matches(String spec, String key, int partition, long step) {
    if (spec.isBlank()) {
      return false;
    }
    boolean match = false;
    int tag = spec.indexOf('#');
    for (String entry : (tag < 0 ? spec : spec.substring(0, tag)).split(",")) {
      String[] parts = entry.split(":");
      try {
        if (parts.length != 2) {
          throw new NumberFormatException();
        }
        match |= Integer.parseInt(parts[0].trim()) == partition
            && Long.parseLong(parts[1].trim()) == step;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + ": expected partition:step[,partition:step…],"
            + " found '" + spec + "'");
      }
    }
    return match;
  }
}
