package dev.neuron.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The targets of issue 25, from the engines {@link Peers} summarized: the README main job against
 * the Keras program (seconds per epoch at most 1.0×, end to end at most 1.5×, mean test accuracy
 * within 0.003), against each Spark-based peer (end to end at most 0.5× at an equal or better mean
 * accuracy), and against current PyTorch (reported, no target). A target whose two sides did not
 * both run is left out. The load average beside each line says what the machine was doing: the
 * targets are judged on a quiet machine, and a line from a loaded one says so.
 */
public final class PeerTargets {
  /**
   * Above this 1-minute load average per core before the bench started, its runs are not on a
   * quiet machine.
   */
  static final double QUIET_LOAD_PER_CORE = 0.25;

  private PeerTargets() {}

  /** Prints the target lines and records them in {@code peers.targets}. */
  public static void print(ObjectNode peers, double loadBefore, int cores) {
    JsonNode engines = peers.path("engines");
    JsonNode neuron = engines.path("neuron");
    ObjectNode out = peers.putObject("targets");
    boolean quiet = loadBefore <= QUIET_LOAD_PER_CORE * cores;
    out.put("load_average_before", loadBefore).put("cores", cores).put("quiet", quiet);
    String load = quiet ? String.format("load %.1f before", loadBefore)
        : String.format("load %.1f before on %d cores: NOT a quiet machine, no claim",
            loadBefore, cores);
    JsonNode keras = engines.path("keras");
    ratio(out, "per_epoch_over_keras", "Neuron / Keras, seconds per epoch", neuron, keras,
        "seconds_per_epoch", 1.0, load);
    ratio(out, "end_to_end_over_keras", "Neuron / Keras, end to end", neuron, keras,
        "end_to_end_seconds", 1.5, load);
    if (ran(neuron) && ran(keras)) {
      double d = neuron.get("test_accuracy_mean").asDouble()
          - keras.get("test_accuracy_mean").asDouble();
      boolean met = Math.abs(d) <= 0.003;
      out.putObject("accuracy_vs_keras").put("difference", d).put("target", 0.003)
          .put("met", met);
      System.out.printf("[target] Neuron - Keras, mean test accuracy over seeds %s: %.4f - %.4f ="
          + " %+.4f (target within 0.003: %s)%n", peers.path("seeds"),
          neuron.get("test_accuracy_mean").asDouble(), keras.get("test_accuracy_mean").asDouble(),
          d, met ? "met" : "missed");
    }
    for (Peer p : Peer.values()) {
      JsonNode peer = engines.path(p.key());
      if (!p.onSpark() || !ran(neuron) || !ran(peer)) {
        continue;
      }
      double r = neuron.get("end_to_end_seconds").asDouble()
          / peer.get("end_to_end_seconds").asDouble();
      boolean accurate = neuron.get("test_accuracy_mean").asDouble()
          >= peer.get("test_accuracy_mean").asDouble();
      boolean met = r <= 0.5 && accurate;
      out.putObject("end_to_end_over_" + p.key()).put("ratio", r).put("target", 0.5)
          .put("accuracy_equal_or_better", accurate).put("met", met).put("quiet", quiet);
      System.out.printf("[target] Neuron / %s, end to end: %.1f / %.1f = %.2f, mean accuracy"
          + " %.4f vs %.4f (target <= 0.5 at equal or better accuracy: %s; %s)%n", p.key(),
          neuron.get("end_to_end_seconds").asDouble(), peer.get("end_to_end_seconds").asDouble(),
          r, neuron.get("test_accuracy_mean").asDouble(),
          peer.get("test_accuracy_mean").asDouble(), met ? "met" : "missed", load);
    }
    JsonNode torch = engines.path("pytorch");
    if (ran(neuron) && ran(torch)) {
      for (String key : new String[] {"seconds_per_epoch", "end_to_end_seconds"}) {
        double r = neuron.get(key).asDouble() / torch.get(key).asDouble();
        out.putObject(key + "_over_pytorch").put("ratio", r);
        System.out.printf("[report] Neuron / PyTorch %s, %s: %.2f / %.2f = %.2f (no target; %s)%n",
            torch.path("runs").path(0).path("torch").asText(""), key.replace('_', ' '),
            neuron.get(key).asDouble(), torch.get(key).asDouble(), r, load);
      }
    }
  }

  private static void ratio(ObjectNode out, String key, String what, JsonNode a, JsonNode b,
      String field, double target, String load) {
    if (!ran(a) || !ran(b)) {
      return;
    }
    double r = a.get(field).asDouble() / b.get(field).asDouble();
    out.putObject(key).put("ratio", r).put("target", target).put("met", r <= target);
    System.out.printf("[target] %s: %.2f / %.2f = %.2f (target <= %.1f: %s; %s)%n", what,
        a.get(field).asDouble(), b.get(field).asDouble(), r, target, r <= target ? "met"
            : "missed", load);
  }

  private static boolean ran(JsonNode engine) {
    return engine.path("status").asText().equals("ran") && engine.has("test_accuracy_mean");
  }
}
