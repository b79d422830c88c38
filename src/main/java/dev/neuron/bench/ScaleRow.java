package dev.neuron.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of the scaling benchmark: a configuration at P executors, one link rate and one seed,
 * measured over its timed epochs (all but the first, which carries the JIT's warm-up, when there
 * are two or more). Times are means per sync in milliseconds (a sync is a step, or with periodic
 * averaging a round of H local steps: {@code steps} counts them); bytes are per epoch and exact: the
 * driver's step channel as the gang counts it ({@link dev.neuron.train.Traffic}), and each link's
 * kernel counters ({@link LinkCounters}).
 */
public record ScaleRow(String rate, int p, String config, long seed, String mode, int steps,
    double syncs, double driverSent, double driverReceived, Map<String, double[]> links,
    double epochSeconds, double stepMs, double arithmeticMs, double updateMs,
    double communicationMs, double arithmeticAloneMs, double testAccuracy) {

  /** How the projection to P machines combines the measurements. */
  public static final String PROJECTION = "step on P machines = arithmetic per executor (measured"
      + " alone on one core at that P) + the driver's update + communication (measured on the"
      + " shaped links: step - slowest task's arithmetic - update); epoch = steps x that step."
      + " At P > 2 the communication is measured while P JVMs share the cores, so the projection"
      + " is conservative; the wire floor (the busiest link's bytes per step in its busier"
      + " direction, at the link rate) bounds it below";

  public static ScaleRow of(String rate, int p, String config, long seed, TrainRun.Result r,
      double arithmeticAloneMs) {
    JsonNode m = r.metrics();
    JsonNode times = m.path("step_times");
    JsonNode epochs = m.path("epochs");
    int first = times.size() > 1 ? 1 : 0;
    int n = times.size() - first;
    double syncs = 0;
    double sent = 0;
    double received = 0;
    double seconds = 0;
    double step = 0;
    double arithmetic = 0;
    double update = 0;
    int steps = times.path(0).path("steps").asInt();
    for (int e = first; e < times.size(); e++) {
      JsonNode t = times.get(e);
      syncs += t.path("syncs").asDouble() / n;
      sent += t.path("bytes_sent").asDouble() / n;
      received += t.path("bytes_received").asDouble() / n;
      seconds += epochs.path(e).path("seconds").asDouble() / n;
      step += t.path("step_ms_mean").asDouble() / n;
      arithmetic += t.path("arithmetic_ms_mean").asDouble() / n;
      update += t.path("update_ms_mean").asDouble() / n;
    }
    Map<String, double[]> links = new LinkedHashMap<>();
    List<Map<String, long[]>> timed = r.epochLinks().subList(
        Math.min(first, r.epochLinks().size()), r.epochLinks().size());
    for (Map<String, long[]> epoch : timed) {
      epoch.forEach((ns, v) -> {
        double[] sum = links.computeIfAbsent(ns, k -> new double[2]);
        sum[0] += (double) v[0] / timed.size();
        sum[1] += (double) v[1] / timed.size();
      });
    }
    return new ScaleRow(rate, p, config, seed, m.path("mode").asText(), steps, syncs, sent,
        received, links, seconds, step, arithmetic, update, step - arithmetic - update,
        arithmeticAloneMs, m.at("/test/accuracy").asDouble());
  }

  /** The most bytes one link carried per epoch, both directions added. */
  public double busiestLinkBytes() {
    return links.values().stream().mapToDouble(v -> v[0] + v[1]).max().orElse(0);
  }

  /**
   * The most bytes one link carried per step in one direction, at the link rate, in milliseconds:
   * a floor under communication. tbf shapes each direction apart, and with two or more members
   * the driver sends one member its weights while another's gradient comes back, so the two
   * directions overlap and only the larger one bounds the step.
   */
  public double wireFloorMs() {
    double busiest = links.values().stream().mapToDouble(v -> Math.max(v[0], v[1])).max()
        .orElse(0);
    return busiest / steps * 8 / bitsPerSecond(rate) * 1e3;
  }

  public double projectedStepMs() {
    return arithmeticAloneMs + updateMs + communicationMs;
  }

  public double projectedEpochSeconds() {
    return steps * projectedStepMs() / 1e3;
  }

  public void into(ObjectNode o) {
    o.put("rate", rate).put("p", p).put("config", config).put("seed", seed).put("mode", mode)
        .put("steps_per_epoch", steps).put("syncs_per_epoch", syncs)
        .put("driver_bytes_sent_per_epoch", driverSent)
        .put("driver_bytes_received_per_epoch", driverReceived);
    ObjectNode l = o.putObject("link_bytes_per_epoch");
    links.forEach((ns, v) -> l.putObject(ns).put("tx", v[0]).put("rx", v[1]));
    o.put("busiest_link_bytes_per_epoch", busiestLinkBytes())
        .put("epoch_seconds", epochSeconds).put("step_ms", stepMs)
        .put("arithmetic_ms", arithmeticMs).put("arithmetic_alone_ms", arithmeticAloneMs)
        .put("update_ms", updateMs).put("communication_ms", communicationMs)
        .put("wire_floor_ms", wireFloorMs()).put("projected_step_ms", projectedStepMs())
        .put("projected_epoch_seconds", projectedEpochSeconds())
        .put("test_accuracy", testAccuracy);
  }

  public String line() {
    return String.format("[%s P=%d %s seed %d] %s: %d steps/epoch, %.0f syncs, driver %.1f MB out"
        + " %.1f MB in, busiest link %.1f MB per epoch; step %.2f ms = arithmetic %.2f (alone"
        + " %.2f) + update %.2f + communication %.2f (wire floor %.2f); epoch %.2f s, projected"
        + " %.2f s; test accuracy %.4f", rate, p, config, seed, mode, steps, syncs,
        driverSent / 1e6, driverReceived / 1e6, busiestLinkBytes() / 1e6, stepMs, arithmeticMs,
        arithmeticAloneMs, updateMs, communicationMs, wireFloorMs(), epochSeconds,
        projectedEpochSeconds(), testAccuracy);
  }

  /** A tc rate such as 1gbit, 2.5gbit or 100mbit, in bits per second. */
  static double bitsPerSecond(String rate) {
    String r = rate.toLowerCase(java.util.Locale.ROOT).replace("bit", "");
    double unit = r.endsWith("g") ? 1e9 : r.endsWith("m") ? 1e6 : r.endsWith("k") ? 1e3 : 1;
    return Double.parseDouble(unit == 1 ? r : r.substring(0, r.length() - 1)) * unit;
  }
}
