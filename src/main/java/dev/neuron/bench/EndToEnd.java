package dev.neuron.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The README's main job end to end, as a user runs it, against the PyTorch script of the same job
 * ({@code tools/reference/mnist_job.py}: same IDX files, 5 epochs, test, save), in turns (Neuron,
 * PyTorch, Neuron, PyTorch, …) so that a busy moment of a shared machine falls on both. Each run
 * is a fresh process, timed from its start to its exit with its CPU seconds
 * ({@link TimedProcess}). PyTorch runs when a
 * {@code python3} with {@code torch} is found ({@code $NEURON_PYTHON}, {@code python3},
 * {@code /usr/bin/python3}), on 2 threads with {@code OMP_WAIT_POLICY=PASSIVE}; else the bench
 * says so and times Neuron alone.
 */
public final class EndToEnd {
  /** What to run: the job's seed, epochs and data, rounds of (Neuron, PyTorch), extra flags. */
  public record Settings(Path root, String data, long seed, int epochs, int rounds,
      List<String> neuronFlags, Path out) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROBE = "import torch, time\n"
      + "torch.set_num_threads(1)\n"
      + "a, b = torch.rand(512, 784), torch.rand(784, 64)\n"
      + "for _ in range(20): a @ b\n"
      + "n, t = 200, time.perf_counter()\n"
      + "for _ in range(n): a @ b\n"
      + "t = time.perf_counter() - t\n"
      + "print(torch.__version__, 2 * 512 * 784 * 64 * n / t / 1e9)\n";

  private EndToEnd() {}

  /** Runs the rounds, prints a line per run and a summary, and records everything in {@code out}. */
  public static void measure(Settings s, ObjectNode out) throws IOException, InterruptedException {
    Files.createDirectories(s.out());
    String python = findTorch(s.root(), out);
    out.put("rounds", s.rounds());
    ArrayNode runs = out.putArray("runs");
    List<Double> neuron = new ArrayList<>();
    List<Double> torch = new ArrayList<>();
    for (int r = 1; r <= s.rounds(); r++) {
      neuron.add(runNeuron(s, r, runs.addObject()));
      if (python != null) {
        torch.add(runTorch(s, python, r, runs.addObject()));
      }
    }
    if (neuron.contains(Double.NaN) || torch.contains(Double.NaN)) {
      System.out.printf("[end-to-end] a run failed (its log is named above): no ratio%n");
      return;
    }
    double n = median(neuron);
    out.put("neuron_seconds_median", n);
    if (python == null) {
      System.out.printf("[end-to-end] %s: median %.1f s over %d runs; PyTorch peer absent (no"
          + " python3 with torch: apt-get install python3-torch libopenblas0-pthread)%n",
          commandLine(s), n, neuron.size());
      return;
    }
    double t = median(torch);
    out.put("pytorch_seconds_median", t).put("ratio", n / t);
    System.out.printf("[end-to-end] %s: median %.1f s; PyTorch script median %.1f s; ratio %.2f"
        + " (target <= 2); runs in turns, %d each%n", commandLine(s), n, t, n / t, s.rounds());
  }

  /** The README main job, with the bench's seed, epochs and data, into a scratch folder. */
  static double runNeuron(Settings s, int round, ObjectNode run)
      throws IOException, InterruptedException {
    Path dir = s.out().resolve("e2e-neuron-" + round);
    List<String> cmd = new ArrayList<>(List.of(s.root().resolve("jobs/train-mnist.sh").toString(),
        "--seed", Long.toString(s.seed()), "--epochs", Integer.toString(s.epochs()), "--data",
        s.data(), "--out", dir.toString()));
    cmd.addAll(s.neuronFlags());
    // The job keeps its checkpoints beside its output; an earlier bench's would stop it.
    Path checkpoints = Path.of(dir + ".checkpoints");
    delete(dir);
    delete(checkpoints);
    TimedProcess t = time(cmd, Map.of(), s.out().resolve("e2e-neuron-" + round + ".log"), s.root());
    JsonNode metrics = readMetrics(dir);
    run.put("engine", "neuron").put("round", round).put("seconds", t.seconds())
        .put("cpu_seconds", t.cpuSeconds()).put("exit", t.exit()).put("load_before", t.load());
    double[] epochs = epochSeconds(metrics);
    run.set("epoch_seconds", JSON.valueToTree(epochs));
    StringBuilder phases = new StringBuilder();
    if (metrics != null) {
      run.set("phase_seconds", metrics.get("phase_seconds"));
      run.put("test_accuracy", metrics.path("test").path("accuracy").asDouble());
      metrics.path("phase_seconds").fields().forEachRemaining(e ->
          phases.append(String.format(" %s %.1f", e.getKey(), e.getValue().asDouble())));
    }
    System.out.printf("[end-to-end] neuron %d: %.1f s (CPU %.1f s, load %.1f before), exit %d;"
        + " epochs %s; phases (s):%s; the rest (script, save, Spark's stop, JVM exit) %.1f%n",
        round, t.seconds(), t.cpuSeconds(), t.load(), t.exit(), fmt(epochs), phases,
        t.seconds() - sum(metrics == null ? null : metrics.path("phase_seconds")));
    delete(dir);
    delete(checkpoints);
    return t.exit() == 0 ? t.seconds() : Double.NaN;
  }

  /** The PyTorch script of the same job, with the same seed, epochs and data. */
  private static double runTorch(Settings s, String python, int round, ObjectNode run)
      throws IOException, InterruptedException {
    Path dir = s.out().resolve("e2e-pytorch-" + round);
    List<String> cmd = List.of(python, s.root().resolve("tools/reference/mnist_job.py").toString(),
        s.data(), dir.toString(), Long.toString(s.seed()), Integer.toString(s.epochs()));
    TimedProcess t = time(cmd, Map.of("OMP_WAIT_POLICY", "PASSIVE", "OMP_NUM_THREADS", "2",
        "OPENBLAS_NUM_THREADS", "2"), s.out().resolve("e2e-pytorch-" + round + ".log"), s.root());
    JsonNode metrics = readMetrics(dir);
    double[] epochs = epochSeconds(metrics);
    run.put("engine", "pytorch").put("round", round).put("seconds", t.seconds())
        .put("cpu_seconds", t.cpuSeconds()).put("exit", t.exit()).put("load_before", t.load());
    run.set("epoch_seconds", JSON.valueToTree(epochs));
    if (metrics != null) {
      run.put("test_accuracy", metrics.path("test").path("accuracy").asDouble());
    }
    System.out.printf("[end-to-end] pytorch %d: %.1f s (CPU %.1f s, load %.1f before), exit %d;"
        + " epochs %s; outside the epochs %.1f s%n", round, t.seconds(), t.cpuSeconds(), t.load(),
        t.exit(), fmt(epochs), t.seconds() - Arrays.stream(epochs).sum());
    delete(dir);
    return t.exit() == 0 ? t.seconds() : Double.NaN;
  }

  /** Runs {@code cmd}, with no time limit but a week's, as the rounds always did. */
  private static TimedProcess time(List<String> cmd, Map<String, String> env, Path log, Path root)
      throws IOException, InterruptedException {
    return TimedProcess.run(cmd, env, log, root, TimeUnit.DAYS.toSeconds(7));
  }

  /**
   * The first of {@code $NEURON_PYTHON}, {@code python3} and {@code /usr/bin/python3} that
   * imports torch (null: none), with its version and one thread's matrix-product rate at the
   * step's shapes recorded in {@code out}.
   */
  private static String findTorch(Path root, ObjectNode out) throws InterruptedException {
    List<String> candidates = new ArrayList<>();
    String env = System.getenv("NEURON_PYTHON");
    if (env != null && !env.isEmpty()) {
      candidates.add(env);
    }
    candidates.addAll(List.of("python3", "/usr/bin/python3"));
    for (String py : candidates) {
      try {
        Process p = new ProcessBuilder(py, "-c", PROBE).directory(root.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0 && !line.isEmpty()) {
          String[] v = line.split(" ");
          out.put("python", py).put("torch", v[0]).put("torch_gflops_one_thread",
              Double.parseDouble(v[1]));
          System.out.printf("[end-to-end] PyTorch peer: %s, torch %s, matmul 512x784 · 784x64"
              + " %.1f GFLOP/s on one thread; runs on 2 threads, OMP_WAIT_POLICY=PASSIVE%n", py,
              v[0], Double.parseDouble(v[1]));
          return py;
        }
      } catch (IOException e) {
        // Not installed under that name: try the next.
      }
    }
    out.put("python", (String) null);
    return null;
  }

  static JsonNode readMetrics(Path dir) {
    try {
      return JSON.readTree(dir.resolve("metrics.json").toFile());
    } catch (IOException e) {
      return null;
    }
  }

  static double[] epochSeconds(JsonNode metrics) {
    if (metrics == null) {
      return new double[0];
    }
    List<Double> s = new ArrayList<>();
    metrics.path("epochs").forEach(e -> s.add(e.path("seconds").asDouble()));
    return s.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static String commandLine(Settings s) {
    return "jobs/train-mnist.sh" + (s.neuronFlags().isEmpty() ? ""
        : " " + String.join(" ", s.neuronFlags()));
  }

  private static double sum(JsonNode phases) {
    double total = 0;
    if (phases != null) {
      for (JsonNode v : phases) {
        total += v.asDouble();
      }
    }
    return total;
  }

  static String fmt(double[] seconds) {
    StringBuilder b = new StringBuilder();
    for (double s : seconds) {
      b.append(b.length() == 0 ? "" : ", ").append(String.format("%.2f", s));
    }
    return b.length() == 0 ? "none" : b.toString();
  }

  static double median(List<Double> xs) {
    double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (a.length == 0) {
      return Double.NaN;
    }
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }

  /** Deletes {@code dir} and what it holds, if it exists. */
  static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }
}
