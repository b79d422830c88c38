package dev.neuron.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The speed targets of the training bench, from what one run recorded: gang over TCP against gang
 * in the driver's JVM, in-JVM gang against the PyTorch peer (per-epoch seconds, the median of
 * epochs 2 on, so that neither side's warm-up counts; the peer's epochs pooled over its runs), and
 * the README main job end to end against the PyTorch script. A ratio whose two sides did not both
 * run is left out.
 */
public final class Targets {
  private Targets() {}

  /** Prints one line per target that this run can judge, and records them in {@code root}. */
  public static void print(ObjectNode root) {
    JsonNode modes = root.path("modes");
    double gang = epochMedian(modes.path("gang").path("epochs"));
    double tcp = epochMedian(modes.path("gang-tcp").path("epochs"));
    List<Double> torchEpochs = new ArrayList<>();
    for (JsonNode run : root.path("end_to_end").path("runs")) {
      if (run.path("engine").asText().equals("pytorch") && run.path("exit").asInt() == 0) {
        JsonNode e = run.path("epoch_seconds");
        for (int k = 1; k < e.size(); k++) {
          torchEpochs.add(e.get(k).asDouble());
        }
      }
    }
    double torch = EndToEnd.median(torchEpochs);
    ObjectNode out = root.putObject("targets");
    line(out, "gang_tcp_over_in_jvm", "gang over TCP / gang in-JVM, seconds per epoch", tcp, gang,
        1.5);
    JsonNode floor = root.path("loopback_floor").path("ratio");
    if (floor.isNumber() && !Double.isNaN(tcp)) {
      out.put("gang_tcp_floor", floor.asDouble());
      System.out.printf("[target]   floor: the same bytes through bare blocking sockets around the"
          + " in-JVM step's arithmetic: %.2f%n", floor.asDouble());
    }
    line(out, "in_jvm_over_pytorch", "gang in-JVM / PyTorch, seconds per epoch", gang, torch, 0.8);
    JsonNode e2e = root.path("end_to_end").path("ratio");
    if (e2e.isNumber()) {
      line(out, "end_to_end_over_pytorch", "jobs/train-mnist.sh / PyTorch script, end to end",
          root.path("end_to_end").path("neuron_seconds_median").asDouble(),
          root.path("end_to_end").path("pytorch_seconds_median").asDouble(), 2);
    }
  }

  private static void line(ObjectNode out, String key, String what, double a, double b,
      double target) {
    if (Double.isNaN(a) || Double.isNaN(b)) {
      return;
    }
    out.putObject(key).put("ratio", a / b).put("target", target).put("met", a / b <= target);
    System.out.printf("[target] %s: %.2f / %.2f = %.2f (target <= %.1f: %s)%n", what, a, b, a / b,
        target, a / b <= target ? "met" : "missed");
  }

  /** The median of the epochs' seconds after the first. */
  private static double epochMedian(JsonNode epochs) {
    List<Double> v = new ArrayList<>();
    for (int k = 1; k < epochs.size(); k++) {
      v.add(epochs.get(k).path("seconds").asDouble());
    }
    return EndToEnd.median(v);
  }
}
