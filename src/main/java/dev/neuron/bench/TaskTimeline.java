package dev.neuron.bench;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Where a measured run's wall time went, from Spark's task events: the time before the first task
 * started (listing on the driver, job submission), the tasks' busy time against the cores they
 * had, and the tail (the end of the run with fewer tasks running than cores). Register with
 * {@code sc.addSparkListener}, {@link #reset} before a run, {@link #line} after it.
 */
final class TaskTimeline extends SparkListener {
  private final List<long[]> tasks = new ArrayList<>();

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
    long cpu = end.taskMetrics() == null ? 0 : end.taskMetrics().executorCpuTime();
    tasks.add(new long[] {end.taskInfo().launchTime(), end.taskInfo().finishTime(), cpu});
  }

  synchronized void reset() {
    tasks.clear();
  }

  /**
   * One line for a run that started at {@code startMillis} (wall clock) and ended
   * {@code seconds} later with {@code expected} tasks (events arrive asynchronously: waits up to
   * 5 s for them).
   */
  String line(long startMillis, double seconds, int expected, int cores)
      throws InterruptedException {
    for (int i = 0; i < 50 && count() < expected; i++) {
      Thread.sleep(100);
    }
    synchronized (this) {
      if (tasks.isEmpty()) {
        return "TIMELINE no tasks";
      }
      long first = Long.MAX_VALUE;
      long last = 0;
      long busy = 0;
      long cpu = 0;
      for (long[] t : tasks) {
        first = Math.min(first, t[0]);
        last = Math.max(last, t[1]);
        busy += t[1] - t[0];
        cpu += t[2];
      }
      long full = fullUntil(cores);
      double span = (last - first) / 1e3;
      return String.format("TIMELINE tasks=%d before-first-task-s=%.2f tasks-span-s=%.2f"
          + " after-last-task-s=%.2f task-busy-core-s=%.2f task-cpu-s=%.2f"
          + " core-use-in-span=%.2f tail-below-%d-tasks-s=%.2f", tasks.size(),
          (first - startMillis) / 1e3, span, seconds - (last - startMillis) / 1e3, busy / 1e3,
          cpu / 1e9, busy / 1e3 / (cores * Math.max(span, 1e-3)), cores, (last - full) / 1e3);
    }
  }

  private synchronized int count() {
    return tasks.size();
  }

  /** The last moment at which at least {@code cores} tasks were running. */
  private long fullUntil(int cores) {
    List<long[]> events = new ArrayList<>();
    for (long[] t : tasks) {
      events.add(new long[] {t[0], 1});
      events.add(new long[] {t[1], -1});
    }
    events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    long running = 0;
    long until = events.get(0)[0];
    for (long[] e : events) {
      if (running >= cores) {
        until = e[0];
      }
      running += e[1];
    }
    return until;
  }
}
