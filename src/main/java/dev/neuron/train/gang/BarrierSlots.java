package dev.neuron.train.gang;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;

/**
 * Whether Spark would run a barrier stage of P tasks now, by Spark's own rules. Spark refuses a
 * barrier stage under dynamic allocation, and when P exceeds the task slots its executors offer it
 * does not fail at once: it re-checks every {@code
 * spark.scheduler.barrier.maxConcurrentTasksCheck.interval} (15 s) up to {@code
 * .maxFailures} (40) times, ten minutes, and then fails the job. Asking first lets the trainer
 * choose one job per step at once instead.
 */
public final class BarrierSlots {
  private BarrierSlots() {}

  /**
   * The task slots of the executors registered now, as Spark's barrier check counts them: per
   * executor, its cores (and custom resources) divided by what a task takes ({@code
   * spark.task.cpus}), summed; local[N] offers N / spark.task.cpus. Not {@code defaultParallelism}:
   * that is {@code spark.default.parallelism} when set, and counts cores, not tasks. The method is
   * Spark-internal ({@code private[spark]}, public in bytecode) and the very number {@code
   * DAGScheduler} compares a barrier stage's partition count with; the gang's stage sets no
   * resource profile, so it runs in the default one.
   */
  public static int available(SparkContext sc) {
    return sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile());
  }

  /**
   * Why Spark would not run a barrier stage of {@code tasks} tasks now, or {@code null} if it
   * would. Executors that have not registered yet are not counted (nor waited for): by the time
   * training starts, the training data is cached, and on clusters where executors come up slowly
   * {@code spark.scheduler.minRegisteredResourcesRatio} makes Spark wait for them before the
   * first job.
   */
  public static String shortfall(SparkContext sc, int tasks) {
    if (dynamicAllocation(sc.conf())) {
      return "Spark runs no barrier stage under dynamic allocation"
          + " (spark.dynamicAllocation.enabled)";
    }
    int slots = available(sc);
    if (slots >= tasks) {
      return null;
    }
    String cpus = sc.conf().get("spark.task.cpus", "1");
    return tasks + " partitions need " + tasks + " task slots at once, but " + (sc.isLocal()
        ? sc.master() + " offers " + slots
        : "the executors registered now offer " + slots) + " (spark.task.cpus=" + cpus + ")";
  }

  /**
   * Whether Spark would refuse a barrier stage for dynamic allocation: the rule of Spark's own
   * check, under which local mode allocates dynamically only when testing.
   */
  static boolean dynamicAllocation(SparkConf conf) {
    return conf.getBoolean("spark.dynamicAllocation.enabled", false)
        && (!conf.get("spark.master", "").startsWith("local")
            || conf.getBoolean("spark.dynamicAllocation.testing", false));
  }
}
