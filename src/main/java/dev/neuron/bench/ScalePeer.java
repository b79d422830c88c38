package dev.neuron.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The peer a PySpark user would pick instead, on the same shaped cluster: pyspark's
 * {@code TorchDistributor} (DDP over gloo, the reference network, RMSprop, global batch 128) with
 * P one-core executors ({@code tools/peer/torch_distributor_mnist.py} in cluster mode), in
 * {@code tools/peer/.venv}. Absent that environment, it says so and the bench goes on.
 */
final class ScalePeer {
  static final List<Integer> PS = List.of(2, 4);
  private static final String PYTHON = "tools/peer/.venv/bin/python";

  private ScalePeer() {}

  /** Runs it at each of {@link #PS} that the bench asked for, with {@code epochs} epochs. */
  static void run(Path root, Path out, String rate, ScaleArgs a, int epochs, ArrayNode json)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(root.resolve("tools/peer/.venv/ready"))) {
      System.out.println("[torch-distributor] skipped: tools/peer/.venv is not ready (make it"
          + " with tools/peer/setup-venv.sh main)");
      return;
    }
    for (int p : PS) {
      if (!a.ps().contains(p)) {
        continue;
      }
      Path dir = out.resolve(rate + "/p" + p + "/torch-distributor");
      Files.createDirectories(dir);
      Path log = dir.resolve("out.log");
      ProcessBuilder pb = new ProcessBuilder(PYTHON, "tools/peer/torch_distributor_mnist.py",
          a.data(), "1", Integer.toString(epochs)).directory(root.toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile());
      Map<String, String> env = pb.environment();
      env.put("NEURON_TD_PROCESSES", Integer.toString(p));
      Process proc = pb.start();
      boolean done = proc.waitFor(20, TimeUnit.MINUTES);
      if (!done) {
        proc.destroyForcibly();
      }
      JsonNode result = null;
      for (String line : Files.readAllLines(log)) {
        if (line.startsWith("peer-result ")) {
          result = new ObjectMapper().readTree(line.substring("peer-result ".length()));
        }
      }
      if (!done || proc.exitValue() != 0 || result == null) {
        String why = !done ? "no result in 20 min" : "exit " + proc.exitValue();
        System.out.printf("[torch-distributor %s P=%d] failed (%s); see %s%n", rate, p, why,
            log);
        json.addObject().put("rate", rate).put("p", p).put("failed", why);
        continue;
      }
      System.out.printf("[torch-distributor %s P=%d] %d epochs, seed 1: %.2f s per epoch (median"
          + " of epochs 2 on), test accuracy %.4f; torch %s, gloo%n", rate, p, epochs,
          result.path("seconds_per_epoch").asDouble(), result.path("test_accuracy").asDouble(),
          result.path("torch").asText());
      json.addObject().put("rate", rate).put("p", p).put("seed", 1).put("epochs", epochs)
          .put("seconds_per_epoch", result.path("seconds_per_epoch").asDouble())
          .put("test_accuracy", result.path("test_accuracy").asDouble())
          .set("epoch_seconds", result.path("epoch_seconds"));
    }
  }
}
