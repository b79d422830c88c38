package dev.neuron.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The README main job ({@code jobs/train-mnist.sh}) against the peers ({@link Peer}), in turns:
 * for each seed, Neuron, then each peer, each a fresh process on the same IDX files and the same
 * 2 threads, timed from its start to its exit ({@link TimedProcess}). A peer whose environment is
 * not ready is skipped and one that fails is recorded as failed; neither stops the bench. Per
 * engine it records seconds per epoch (each run's median of epochs 2 on, then the median over the
 * runs), end-to-end seconds (median over the runs; a peer's in-process matrix-product timing,
 * which runs after its test, is taken off), the test accuracy of each seed and their mean, and the
 * matrix-product rate of its side. {@link PeerTargets} states the ratios.
 */
public final class Peers {
  /** What to run: seeds, epochs, the peers, Neuron's extra flags, where logs go, a run's limit. */
  public record Settings(Path root, String data, List<Long> seeds, int epochs, List<Peer> peers,
      List<String> neuronFlags, Path out, long limitSeconds) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RESULT = "peer-result ";

  private Peers() {}

  /**
   * Runs the rounds into {@code out.engines}; {@code neuronSgemm} is Neuron's matrix-product
   * rate on the run's threads, measured by the caller in its JVM. After each seed's round the
   * engines are summarized so far and {@code afterRound} runs (the caller writes its file, so that
   * a long bench stopped part-way leaves the rounds it finished).
   */
  public static void measure(Settings s, double neuronSgemm, ObjectNode out, Runnable afterRound)
      throws IOException, InterruptedException {
    Files.createDirectories(s.out());
    out.put("epochs", s.epochs()).set("seeds", JSON.valueToTree(s.seeds()));
    ObjectNode engines = out.putObject("engines");
    ObjectNode neuron = engines.putObject("neuron").put("status", "ran")
        .put("command", "jobs/train-mnist.sh" + (s.neuronFlags().isEmpty() ? ""
            : " " + String.join(" ", s.neuronFlags())))
        .put("sgemm_gflops", neuronSgemm);
    neuron.putArray("runs");
    Map<Peer, String> python = new LinkedHashMap<>();
    for (Peer p : s.peers()) {
      ObjectNode e = engines.putObject(p.key());
      e.putArray("runs");
      Path venv = s.root().resolve("tools/peer").resolve(p.venv());
      if (Files.isRegularFile(venv.resolve("ready"))
          && Files.isExecutable(venv.resolve("bin/python"))) {
        python.put(p, venv.resolve("bin/python").toString());
        e.put("status", "ran");
      } else {
        e.put("status", "absent").put("reason", "tools/peer/" + p.venv() + " is not ready:"
            + " tools/peer/setup-venv.sh did not complete (its output above says why)");
        System.out.printf("[peers] %s: skipped: %s%n", p.key(), e.get("reason").asText());
      }
    }
    for (long seed : s.seeds()) {
      EndToEnd.Settings one = new EndToEnd.Settings(s.root(), s.data(), seed, s.epochs(), 1,
          s.neuronFlags(), s.out());
      ObjectNode run = ((ArrayNode) neuron.get("runs")).addObject();
      EndToEnd.runNeuron(one, (int) seed, run);
      run.put("seed", seed).put("end_to_end_seconds", run.path("seconds").asDouble());
      for (Map.Entry<Peer, String> p : python.entrySet()) {
        runPeer(s, p.getKey(), p.getValue(), seed,
            ((ArrayNode) engines.path(p.getKey().key()).get("runs")).addObject());
      }
      out.put("rounds_done", out.path("rounds_done").asInt() + 1);
      engines.fields().forEachRemaining(e -> summarize(e.getKey(), (ObjectNode) e.getValue()));
      afterRound.run();
    }
  }

  /** One peer run: its command, then what its peer-result line says. */
  private static void runPeer(Settings s, Peer p, String python, long seed, ObjectNode run)
      throws IOException, InterruptedException {
    Path log = s.out().resolve(p.key() + "-" + seed + ".log");
    Map<String, String> env = new HashMap<>();
    env.put("OMP_NUM_THREADS", "2");
    env.put("OMP_WAIT_POLICY", "PASSIVE");
    // Set on some processors for Debian's older OpenBLAS; they slow the current one in the
    // environment's numpy (/work/.library/env/README.md), which only prepares the data here.
    env.put("OPENBLAS_CORETYPE", null);
    env.put("OPENBLAS_L2_SIZE", null);
    TimedProcess t = TimedProcess.run(p.command(python, s.data(), seed, s.epochs()), env, log,
        s.root(), s.limitSeconds());
    run.put("seed", seed).put("seconds", t.seconds()).put("cpu_seconds", t.cpuSeconds())
        .put("exit", t.exit()).put("load_before", t.load()).put("log", log.toString());
    JsonNode result = t.exit() == 0 ? result(log) : null;
    if (result == null) {
      run.put("failed", true);
      System.out.printf("[peers] %s seed %d: failed (%s); its output is in %s%n", p.key(), seed,
          t.exit() == 0 ? "no peer-result line" : t.exit() == TimedProcess.TIMED_OUT
              ? "time limit" : "exit " + t.exit(), log);
      return;
    }
    run.setAll((ObjectNode) result);
    run.put("end_to_end_seconds", t.seconds() - result.path("sgemm_seconds").asDouble());
    System.out.printf("[peers] %s seed %d: %.1f s end to end (CPU %.1f s, load %.1f before);"
        + " epochs %s; test accuracy %.4f%n", p.key(), seed,
        run.get("end_to_end_seconds").asDouble(), t.cpuSeconds(), t.load(),
        EndToEnd.fmt(doubles(result.path("epoch_seconds"))),
        result.path("test_accuracy").asDouble());
  }

  /** The last peer-result line of a log, or null. */
  static JsonNode result(Path log) throws IOException {
    JsonNode found = null;
    for (String line : Files.readAllLines(log)) {
      if (line.startsWith(RESULT)) {
        try {
          found = JSON.readTree(line.substring(RESULT.length()));
        } catch (IOException e) {
          found = null;
        }
      }
    }
    return found;
  }

  /**
   * An engine's figures over its successful runs: seconds per epoch (the median over the runs of
   * each run's median of epochs 2 on), end to end (median), the accuracies and their mean; a peer's
   * matrix-product rate (median); printed as one line.
   */
  static void summarize(String name, ObjectNode e) {
    if (!e.path("status").asText().equals("ran")) {
      return;
    }
    List<Double> perEpoch = new ArrayList<>();
    List<Double> endToEnd = new ArrayList<>();
    List<Double> sgemm = new ArrayList<>();
    ArrayNode accuracies = e.putArray("test_accuracies");
    int failed = 0;
    double sum = 0;
    for (JsonNode run : e.path("runs")) {
      if (run.path("failed").asBoolean() || run.path("exit").asInt() != 0) {
        failed++;
        continue;
      }
      double[] epochs = doubles(run.path("epoch_seconds"));
      List<Double> later = new ArrayList<>();
      for (int k = 1; k < epochs.length; k++) {
        later.add(epochs[k]);
      }
      perEpoch.add(EndToEnd.median(later.isEmpty() && epochs.length > 0 ? List.of(epochs[0])
          : later));
      endToEnd.add(run.path("end_to_end_seconds").asDouble());
      if (run.has("sgemm_gflops")) {
        sgemm.add(run.path("sgemm_gflops").asDouble());
      }
      accuracies.add(run.path("test_accuracy").asDouble());
      sum += run.path("test_accuracy").asDouble();
    }
    e.put("failed_runs", failed);
    if (accuracies.isEmpty()) {
      e.put("status", "failed");
      System.out.printf("[peers] %s: every run failed%n", name);
      return;
    }
    e.put("seconds_per_epoch", EndToEnd.median(perEpoch))
        .put("end_to_end_seconds", EndToEnd.median(endToEnd))
        .put("test_accuracy_mean", sum / accuracies.size());
    if (!sgemm.isEmpty()) {
      e.put("sgemm_gflops", EndToEnd.median(sgemm));
    }
    System.out.printf("[peers] %-17s %6.2f s per epoch, %6.1f s end to end (medians of %d runs%s),"
        + " test accuracy mean %.4f %s%s%n", name + ":",
        e.get("seconds_per_epoch").asDouble(), e.get("end_to_end_seconds").asDouble(),
        accuracies.size(), failed > 0 ? ", " + failed + " failed" : "",
        e.get("test_accuracy_mean").asDouble(), accuracies, e.has("sgemm_gflops")
            ? String.format("; matrix products %.1f GFLOP/s on 2 threads",
                e.get("sgemm_gflops").asDouble()) : "");
  }

  private static double[] doubles(JsonNode array) {
    double[] a = new double[array.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = array.get(i).asDouble();
    }
    return a;
  }
}
