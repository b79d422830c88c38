package dev.neuron.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.neuron.read.SkipReason;

/**
 * {@code metrics.json} and the console summary of an evaluation. Per class c: precision
 * {@code C[c][c] / Σ_t C[t][c]}, recall {@code C[c][c] / Σ_p C[c][p]}, F1 their harmonic mean;
 * macro averages are plain means over classes.
 */
public final class MetricsReport {
  private MetricsReport() {}

  /** {@code seconds}: wall time of the scoring job, for {@code images_per_second}. */
  public static String json(Metrics m, double seconds) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("count", m.count());
    root.put("loss", m.loss());
    root.put("accuracy", m.accuracy());
    root.put("top_k", m.k());
    root.put("top_k_accuracy", m.topKAccuracy());
    ArrayNode confusion = root.putArray("confusion");
    for (int t = 0; t < m.classes(); t++) {
      ArrayNode row = confusion.addArray();
      for (int p = 0; p < m.classes(); p++) {
        row.add(m.confusion(t, p));
      }
    }
    ArrayNode perClass = root.putArray("per_class");
    for (int c = 0; c < m.classes(); c++) {
      perClass.addObject().put("class", c).put("precision", m.precision(c))
          .put("recall", m.recall(c)).put("f1", m.f1(c));
    }
    root.putObject("macro").put("precision", m.macroPrecision()).put("recall", m.macroRecall())
        .put("f1", m.macroF1());
    ObjectNode skipped = root.putObject("skipped");
    skipped.put("total", m.skippedTotal());
    for (SkipReason r : SkipReason.values()) {
      skipped.put(r.key(), m.skipped(r));
    }
    root.put("seconds", seconds);
    root.put("images_per_second", (m.count() + m.skippedTotal()) / seconds);
    try {
      return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A regression network's errors into {@code node}: {@code count}, {@code loss} (the network's
   * own loss), {@code mse}, {@code rmse}, {@code mae}, {@code r2} averaged over the outputs, and
   * {@code outputs}, the same four per output.
   */
  public static ObjectNode regression(ObjectNode node, RegressionMetrics m) {
    node.put("count", m.count()).put("loss", m.loss()).put("mse", m.mse()).put("rmse", m.rmse())
        .put("mae", m.mae()).put("r2", m.r2());
    ArrayNode outputs = node.putArray("outputs");
    for (int j = 0; j < m.outputs(); j++) {
      outputs.addObject().put("output", j).put("mse", m.mse(j)).put("rmse", m.rmse(j))
          .put("mae", m.mae(j)).put("r2", m.r2(j));
    }
    if (m.weighted() != null) {
      regression(node.putObject("weighted"), m.weighted()).put("weight", m.weighted().weight());
    }
    return node;
  }

  /**
   * {@code loss 0.0123 - mse … - rmse … - mae … - r2 0.9876 (1000 examples)}, then the weighted
   * figures when the examples had weights.
   */
  public static String regressionLine(RegressionMetrics m) {
    String line = String.format(java.util.Locale.ROOT,
        "loss %.4f - mse %.4f - rmse %.4f - mae %.4f - r2 %.4f (%d examples)", m.loss(), m.mse(),
        m.rmse(), m.mae(), m.r2(), m.count());
    RegressionMetrics w = m.weighted();
    return w == null ? line : line + String.format(java.util.Locale.ROOT, "; weighted: loss %.4f"
        + " - mse %.4f - rmse %.4f - mae %.4f - r2 %.4f", w.loss(), w.mse(), w.rmse(), w.mae(),
        w.r2());
  }

  /**
   * A classifier's weighted figures into {@code node} ({@code loss}, {@code accuracy},
   * {@code top_k_accuracy}, {@code weight}) when the examples had weights; else nothing.
   */
  public static void weighted(ObjectNode node, Metrics m) {
    if (m.weighted()) {
      node.putObject("weighted").put("loss", m.weightedLoss()).put("accuracy",
          m.weightedAccuracy()).put("top_k_accuracy", m.weightedTopKAccuracy())
          .put("weight", m.weightSum());
    }
  }

  /** A few lines: totals, skips, and the confusion matrix (rows true, columns predicted). */
  public static String summary(Metrics m, double seconds) {
    StringBuilder s = new StringBuilder();
    s.append(String.format("%d images in %.1fs (%.0f images/s) - loss %.4f - accuracy %.4f"
        + " - top-%d accuracy %.4f - macro F1 %.4f%n", m.count(), seconds,
        (m.count() + m.skippedTotal()) / seconds, m.loss(), m.accuracy(), m.k(),
        m.topKAccuracy(), m.macroF1()));
    if (m.skippedTotal() > 0) {
      s.append("skipped ").append(m.skippedTotal()).append(':');
      for (SkipReason r : SkipReason.values()) {
        if (m.skipped(r) > 0) {
          s.append(' ').append(r.key()).append(' ').append(m.skipped(r));
        }
      }
      s.append('\n');
    }
    int w = 1;
    for (int t = 0; t < m.classes(); t++) {
      for (int p = 0; p < m.classes(); p++) {
        w = Math.max(w, Long.toString(m.confusion(t, p)).length());
      }
    }
    w = Math.max(w, Integer.toString(m.classes() - 1).length()) + 1;
    s.append("confusion (rows: true class, columns: predicted)\n").append(" ".repeat(6));
    for (int p = 0; p < m.classes(); p++) {
      s.append(String.format("%" + w + "d", p));
    }
    s.append("   recall\n");
    for (int t = 0; t < m.classes(); t++) {
      s.append(String.format("%5d ", t));
      for (int p = 0; p < m.classes(); p++) {
        s.append(String.format("%" + w + "d", m.confusion(t, p)));
      }
      s.append(String.format("   %.4f%n", m.recall(t)));
    }
    return s.toString();
  }
}
