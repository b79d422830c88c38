package dev.neuron.cli;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Wall-clock seconds of a training run's phases, so that a run says where its end-to-end time
 * went (the closing line, {@code metrics.json}), in wall-clock and in CPU seconds of the whole
 * process (on a shared machine the wall clock also counts other processes' work; the CPU time
 * counts the JIT's and the garbage collector's). When the run is the whole JVM, its first phase,
 * launch, is the JVM's start-up until {@code main}. Each later phase runs from the end of the
 * previous one to its own {@link #end}.
 */
final class PhaseClock {
  /** The phases of {@link Train}, in order. */
  enum Phase {
    LAUNCH("launch"), SPARK("spark"), DATA("data"), TRAINING("training"), TEST("test"),
    SAVE("save");

    final String key;

    Phase(String key) {
      this.key = key;
    }
  }

  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final Map<Phase, Double> seconds = new EnumMap<>(Phase.class);
  private final Map<Phase, Double> cpuSeconds = new EnumMap<>(Phase.class);
  private final long startNanos;
  private long lastNanos;
  private long lastCpuNanos;

  private PhaseClock(boolean launch) {
    lastNanos = System.nanoTime();
    lastCpuNanos = OS.getProcessCpuTime();
    double launchSeconds = launch ? Math.max(0, (System.currentTimeMillis()
        - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1e3) : 0;
    startNanos = lastNanos - (long) (launchSeconds * 1e9);
    if (launch) {
      seconds.put(Phase.LAUNCH, launchSeconds);
      cpuSeconds.put(Phase.LAUNCH, lastCpuNanos / 1e9);
    }
  }

  /** A clock for a run that is the whole JVM: the time since the JVM started is launch. */
  static PhaseClock sinceJvmStart() {
    return new PhaseClock(true);
  }

  /** A clock for a run inside a longer-lived JVM (a test, a notebook): no launch phase. */
  static PhaseClock startingNow() {
    return new PhaseClock(false);
  }

  /** Ends {@code phase} now (it began where the previous one ended). */
  void end(Phase phase) {
    long now = System.nanoTime();
    long cpu = OS.getProcessCpuTime();
    seconds.merge(phase, (now - lastNanos) / 1e9, Double::sum);
    cpuSeconds.merge(phase, (cpu - lastCpuNanos) / 1e9, Double::sum);
    lastNanos = now;
    lastCpuNanos = cpu;
  }

  /** The phases ended so far, in order, with their seconds. */
  Map<Phase, Double> seconds() {
    return seconds;
  }

  /** The process's CPU seconds in each phase ended so far. */
  Map<Phase, Double> cpuSeconds() {
    return cpuSeconds;
  }

  /** Seconds from the clock's start (the JVM's, with a launch phase) to the last {@link #end}. */
  double total() {
    return (lastNanos - startNanos) / 1e9;
  }

  /**
   * E.g. {@code "12.3 s (CPU 19.0 s): launch 0.4, spark 2.1, data 1.0, training 7.4, test 0.5,
   * save 0.4"}.
   */
  String summary() {
    StringJoiner parts = new StringJoiner(", ", String.format("%.1f s (CPU %.1f s): ", total(),
        cpuSeconds.values().stream().mapToDouble(Double::doubleValue).sum()), "");
    seconds.forEach((p, s) -> parts.add(String.format("%s %.1f", p.key, s)));
    return parts.toString();
  }
}
