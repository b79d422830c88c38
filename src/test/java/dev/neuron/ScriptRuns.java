package dev.neuron;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.neuron.io.ModelFile;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;

/** What the integration tests share: running a jobs/ script, and comparing two models' bits. */
public final class ScriptRuns {
  private ScriptRuns() {}

  /**
   * Runs {@code command} with bash from the project folder, {@code env} added to (or, for a
   * {@code null} value, removed from) the environment, its output in {@code logs/NAME.log} and
   * echoed; fails with the output on a non-zero exit or after {@code timeoutSeconds}.
   */
  public static String run(Path logs, String name, int timeoutSeconds, Map<String, String> env,
      String... command) throws IOException, InterruptedException {
    Files.createDirectories(logs);
    File log = logs.resolve(name + ".log").toFile();
    ProcessBuilder pb = new ProcessBuilder(concat(new String[] {"bash"}, command))
        .redirectErrorStream(true).redirectOutput(log).redirectInput(ProcessBuilder.Redirect.PIPE);
    env.forEach((k, v) -> {
      if (v == null) {
        pb.environment().remove(k);
      } else {
        pb.environment().put(k, v);
      }
    });
    long t0 = System.nanoTime();
    Process p = pb.start();
    p.getOutputStream().close();
    boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    if (!done) {
      p.destroy();
      p.waitFor(30, TimeUnit.SECONDS);
    }
    String output = Files.readString(log.toPath());
    System.out.printf("[%s] %.1f s%n%s", name, (System.nanoTime() - t0) / 1e9, output);
    if (!done || p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + (done ? ": exit " + p.exitValue()
          : ": still running after " + timeoutSeconds + " s") + "\n" + output);
    }
    return output;
  }

  /** The two saved models hold the same parameters, bit for bit. */
  public static void assertSameBits(String expectedModel, String actualModel, String what) {
    Configuration conf = new Configuration();
    float[] a = ModelFile.read(conf, expectedModel).params();
    float[] b = ModelFile.read(conf, actualModel).params();
    assertEquals(a.length, b.length);
    for (int i = 0; i < a.length; i++) {
      if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
        throw new AssertionError("parameter " + i + ": " + expectedModel + " " + a[i] + ", "
            + what + " " + b[i] + " (same seed and partitions must give the same bits)");
      }
    }
  }

  /** Deletes {@code dir} and everything under it, if it exists. */
  public static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  public static String[] concat(String[] a, String... b) {
    List<String> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    return all.toArray(new String[0]);
  }
}
