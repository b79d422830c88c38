package dev.neuron.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

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
  private final Map<Long, Long> start = new HashMap<>();
  private final Map<Long, Long> last = new HashMap<>();
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

  private void sample(Map<Long, Long> into) {
    for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      long ns = t == null ? -1 : THREADS.getThreadCpuTime(t.getThreadId());
      if (ns > 0) {
        into.put(t.getThreadId(), ns);
        names.putIfAbsent(t.getThreadId(), t.getThreadName().replaceAll("[-# ]*\\d+", ""));
      }
    }
  }

  public static ThreadCpu start() {
    return new ThreadCpu();
  }

  /** The process's CPU seconds since {@link #start()} (every thread, the JVM's own included). */
  public double processSeconds() {
    return (processNanos() - processStart) / 1e9;
  }

  /** CPU seconds since {@link #start()} per thread-name group, largest first. */
  public Map<String, Double> byGroup() {
    sampler.interrupt();
    Map<String, Double> groups = new TreeMap<>();
    synchronized (last) {
      sample(last);
      last.forEach((id, ns) -> {
        long spent = ns - start.getOrDefault(id, 0L);
        if (spent > 0 && !sampler.getName().equals(names.get(id))) {
          groups.merge(names.get(id), spent / 1e9, Double::sum);
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
