package dev.neuron.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A benchmark's child process, timed from its start to its exit: wall seconds, CPU seconds (user
 * + system of the process and its children, read from this JVM's {@code /proc/self/stat}
 * children times, a reading less sensitive than the wall clock to other work on the machine), its
 * exit code, and the load average just before it started. Its output goes to a log file.
 *
 * @param exit the exit code; {@link #TIMED_OUT} when the time limit ended it
 */
public record TimedProcess(double seconds, double cpuSeconds, int exit, double load) {
  /** The exit code recorded for a process that the time limit ended. */
  public static final int TIMED_OUT = -1;

  /** Runs {@code cmd} in {@code dir} with {@code env} changes (a null value removes the name). */
  public static TimedProcess run(List<String> cmd, Map<String, String> env, Path log, Path dir,
      long limitSeconds) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    env.forEach((k, v) -> {
      if (v == null) {
        pb.environment().remove(k);
      } else {
        pb.environment().put(k, v);
      }
    });
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    double cpu0 = childrenCpuSeconds();
    long t0 = System.nanoTime();
    Process p = pb.start();
    int exit;
    if (p.waitFor(limitSeconds, TimeUnit.SECONDS)) {
      exit = p.exitValue();
    } else {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly().waitFor();
      exit = TIMED_OUT;
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (exit != 0) {
      System.out.printf("[run] %s %s; its output is in %s%n", String.join(" ", cmd),
          exit == TIMED_OUT ? "passed its limit of " + limitSeconds + " s and was ended"
              : "exited with " + exit, log);
    }
    return new TimedProcess(seconds, childrenCpuSeconds() - cpu0, exit, load);
  }

  /** CPU seconds of this JVM's waited-for children: utime + stime fields 16 and 17 (ticks). */
  private static double childrenCpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // Fields after the command name start at field 3; cutime is field 16, cstime 17.
    return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0;
  }
}
