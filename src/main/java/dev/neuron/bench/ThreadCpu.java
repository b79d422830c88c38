package dev.neuron.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * CPU time of this JVM's threads between two moments, grouped by the thread's name without its
 * numbers ("Executor task launch worker", "rpc-server", "ForkJoinPool.commonPool-worker"…). On a
 * shared machine CPU time moves much less with the load than wall time does, so it shows where a
 * mode's work goes even when the wall clock is disturbed. Threads are sampled every 100 ms, so a
 * thread that ends in between (a transport's event loop closed with its run) counts up to its
 * last sample.
 */
public final class ThreadCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final Pattern DIGITS = Pattern.compile("[-# ]*\\d+");
  private final Map<Long, long[]> start = new HashMap<>();
  private final Map<Long, long[]> last = new HashMap<>();
  private final Map<Long, String> names = new HashMap<>();
  private final long processStart = processNanos();
  private final Thread sampler;

  private ThreadCpu() {
    sample(start);
    sampler = new Thread(() -> {
      try {
        while (true) {
          Thread.sleep(100);
          synchronized (last) {
            sample(last);
          }
        }
      } catch (InterruptedException e) {
        // Stopped by byGroup.
      }
    }, "neuron-thread-cpu");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Two clock reads per thread, and its name only the first time it is seen: cheap enough. */
  private void sample(Map<Long, long[]> into) {
    for (long id : THREADS.getAllThreadIds()) {
      long ns = THREADS.getThreadCpuTime(id);
      if (ns > 0 && (names.containsKey(id) || name(id))) {
        into.put(id, new long[] {ns, THREADS.getThreadUserTime(id)});
      }
    }
  }

  /** Records the thread's name without its numbers; false if it has ended. */
  private boolean name(long id) {
    ThreadInfo t = THREADS.getThreadInfo(id);
    if (t == null) {
      return false;
    }
    names.put(id, DIGITS.matcher(t.getThreadName()).replaceAll(""));
    return true;
  }

  public static ThreadCpu start() {
    return new ThreadCpu();
  }

  /** The process's CPU seconds since {@link #start()} (every thread, the JVM's own included). */
  public double processSeconds() {
    return (processNanos() - processStart) / 1e9;
  }

  /**
   * CPU seconds since {@link #start()} per thread-name group: {total, of which in the kernel}
   * (system time: a socket's copies and the TCP stack's work count there).
   */
  public Map<String, double[]> byGroup() {
    sampler.interrupt();
    Map<String, double[]> groups = new TreeMap<>();
    synchronized (last) {
      sample(last);
      last.forEach((id, ns) -> {
        long[] from = start.getOrDefault(id, new long[2]);
        long spent = ns[0] - from[0];
        if (spent > 0 && !sampler.getName().equals(names.get(id))) {
          double[] g = groups.computeIfAbsent(names.get(id), k -> new double[2]);
          g[0] += spent / 1e9;
          g[1] += (spent - (ns[1] - from[1])) / 1e9;
        }
      });
    }
    return groups;
  }

  private static long processNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
