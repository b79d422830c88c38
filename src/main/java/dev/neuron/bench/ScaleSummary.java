package dev.neuron.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The scaling bench's table: one line per rate, P and configuration (the timing seeds' mean),
 * with the accuracy runs' mean over their seeds, the epochs that mean needs to reach
 * {@link #TARGET} and the projected time to it; then the targets, each on a
 * {@code [target]} line.
 */
final class ScaleSummary {
  static final double TARGET = 0.978;

  /** One line of the table. */
  record Line(String rate, int p, String config, ScaleRow first, double epochSeconds,
      double projectedEpochSeconds, double arithmeticAloneMs, double communicationMs,
      double wireFloorMs, double accuracy, int epochsToTarget) {
    /** Projected seconds of training to the target; infinite when the mean never reached it. */
    double projectedToTarget() {
      return epochsToTarget > 0 ? epochsToTarget * projectedEpochSeconds
          : Double.POSITIVE_INFINITY;
    }
  }

  private ScaleSummary() {}

  static void print(List<ScaleRow> rows, ScaleAccuracy accuracy, ArrayNode json,
      ArrayNode targets, PrintStream out) {
    Map<String, List<ScaleRow>> groups = rows.stream().collect(Collectors.groupingBy(
        r -> r.rate() + " " + r.p() + " " + r.config(), LinkedHashMap::new,
        Collectors.toList()));
    List<Line> lines = groups.values().stream().map(g -> {
      ScaleRow f = g.get(0);
      ScaleAccuracy.Curves c = accuracy.of(f.config(), f.p());
      return new Line(f.rate(), f.p(), f.config(), f, avg(g, ScaleRow::epochSeconds),
          avg(g, ScaleRow::projectedEpochSeconds), avg(g, ScaleRow::arithmeticAloneMs),
          avg(g, ScaleRow::communicationMs), avg(g, ScaleRow::wireFloorMs), c.finalMean(),
          c.epochsTo(TARGET));
    }).toList();
    out.println("rate      P  config  syncs/ep  busiest MB/ep  arith alone ms  comm ms  wire ms"
        + "  epoch s  projected s  accuracy  epochs to " + TARGET + "  projected s to it");
    for (Line l : lines) {
      out.printf("%-8s %2d  %-6s  %8.0f  %13.1f  %14.2f  %7.2f  %7.2f  %7.2f  %11.2f  %8.4f"
          + "  %15s  %17s%n", l.rate, l.p, l.config, l.first.syncs(),
          l.first.busiestLinkBytes() / 1e6, l.arithmeticAloneMs, l.communicationMs,
          l.wireFloorMs, l.epochSeconds, l.projectedEpochSeconds, l.accuracy,
          l.epochsToTarget > 0 ? Integer.toString(l.epochsToTarget) : "not reached",
          l.epochsToTarget > 0 ? String.format("%.1f", l.projectedToTarget()) : "-");
      ObjectNode o = json.addObject().put("rate", l.rate).put("p", l.p)
          .put("config", l.config).put("syncs_per_epoch", l.first.syncs())
          .put("busiest_link_bytes_per_epoch", l.first.busiestLinkBytes())
          .put("arithmetic_alone_ms", l.arithmeticAloneMs)
          .put("communication_ms", l.communicationMs).put("wire_floor_ms", l.wireFloorMs)
          .put("epoch_seconds", l.epochSeconds)
          .put("projected_epoch_seconds", l.projectedEpochSeconds)
          .put("test_accuracy_mean", l.accuracy).put("epochs_to_target", l.epochsToTarget);
      if (l.epochsToTarget > 0) {
        o.put("projected_seconds_to_target", l.projectedToTarget());
      }
      if (l.p == 2) {
        o.put("projection_check", l.projectedEpochSeconds / l.epochSeconds);
      }
    }
    out.println("No added latency on any link (netem is not available); " + ScaleRow.PROJECTION
        + ". Accuracy: the mean over the accuracy runs' seeds (local mode, same bits as the"
        + " cluster at that P); time to " + TARGET + ": the epochs that mean needs times the"
        + " projected epoch (start-up and evaluation left out).");
    targets(lines, targets, out);
  }

  private static void targets(List<Line> lines, ArrayNode json, PrintStream out) {
    for (Line l : lines) {
      if (l.p == 2) {
        out.printf("[check] %s P=2 %s: measured epoch %.2f s, projected %.2f s (%.2fx)%n",
            l.rate, l.config, l.epochSeconds, l.projectedEpochSeconds,
            l.projectedEpochSeconds / l.epochSeconds);
      }
    }
    for (String rate : lines.stream().map(Line::rate).distinct().toList()) {
      Optional<Line> one = find(lines, rate, 1, "f32");
      Optional<Line> two = find(lines, rate, 2, "f32");
      if (one.isPresent() && two.isPresent()) {
        double r = two.get().epochSeconds / one.get().epochSeconds;
        out.printf("[target] %s, per-step float32 at P=2, measured: epoch %.2f s against %.2f s at"
            + " P=1 (%.2fx: %s)%n", rate, two.get().epochSeconds, one.get().epochSeconds, r,
            r < 1 ? "faster" : "slower");
        json.addObject().put("target", "f32 P=2 measured").put("rate", rate).put("ratio", r);
      }
      Optional<Line> best4 = lines.stream().filter(l -> l.rate.equals(rate) && l.p == 4)
          .min(Comparator.comparingDouble(Line::projectedToTarget));
      Optional<Line> best1 = lines.stream().filter(l -> l.rate.equals(rate) && l.p == 1)
          .min(Comparator.comparingDouble(Line::projectedToTarget));
      if (best4.isPresent() && one.isPresent()) {
        double limit = rate.startsWith("10g") ? 0.5 : 1.0;
        Line b = best4.get();
        double r = b.projectedToTarget() / one.get().projectedToTarget();
        out.printf("[target] %s: fastest at P=4 to %.3f is %s, %.1f s projected, against P=1's"
            + " reference (f32) %.1f s: %.2fx (want <= %.1f: %s)%n", rate, TARGET, b.config,
            b.projectedToTarget(), one.get().projectedToTarget(), r, limit,
            r <= limit ? "met" : "missed");
        best1.ifPresent(o -> out.printf("         and against P=1's fastest (%s, %.1f s): %.2fx%n",
            o.config, o.projectedToTarget(), b.projectedToTarget() / o.projectedToTarget()));
        json.addObject().put("target", "P=4 time to " + TARGET).put("rate", rate)
            .put("config", b.config).put("ratio", r).put("limit", limit).put("met", r <= limit);
      }
      for (Line w : lines.stream().filter(l -> l.rate.equals(rate) && l.config.equals("w16"))
          .toList()) {
        find(lines, rate, w.p, "f32").ifPresent(f -> {
          double bytes = w.first.driverSent() + w.first.driverReceived();
          double fBytes = f.first.driverSent() + f.first.driverReceived();
          double d = w.accuracy - f.accuracy;
          out.printf("[target] %s P=%d bf16 wire: accuracy %.4f against float32 %.4f (%+.4f, want"
              + " within 0.002: %s); the gang's bytes per step %.3f of float32's, busiest link"
              + " %.3f%n", rate, w.p, w.accuracy, f.accuracy, d,
              Math.abs(d) <= 0.002 ? "met" : "missed", bytes / fBytes,
              w.first.busiestLinkBytes() / f.first.busiestLinkBytes());
        });
      }
    }
  }

  private static Optional<Line> find(List<Line> lines, String rate, int p, String config) {
    return lines.stream().filter(l -> l.rate.equals(rate) && l.p == p
        && l.config.equals(config)).findFirst();
  }

  private static double avg(List<ScaleRow> g, ToDoubleFunction<ScaleRow> f) {
    return g.stream().mapToDouble(f).average().orElse(0);
  }
}
