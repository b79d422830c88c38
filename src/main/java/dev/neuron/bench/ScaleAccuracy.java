package dev.neuron.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scaling bench's accuracy runs: each configuration at each P over the seeds, in local mode
 * ({@code local[P]}, P partitions), scoring the test set after every epoch
 * ({@code data.validation=t10k}, which changes no weight: it only reads them). Local mode gives
 * the cluster's bits for the same P (the namespace-cluster integration test shows it for the
 * gang; the bf16 wire and periodic averaging are placement-free by design), so accuracy and
 * epochs-to-target come from here and the cluster runs only measure time and bytes.
 */
final class ScaleAccuracy {
  /** A configuration at P: each seed's test accuracy after each epoch. */
  record Curves(String config, int p, List<Long> seeds, List<double[]> perSeed) {
    /** The seeds' mean after each epoch. */
    double[] mean() {
      int epochs = perSeed.stream().mapToInt(c -> c.length).min().orElse(0);
      double[] m = new double[epochs];
      for (double[] c : perSeed) {
        for (int e = 0; e < epochs; e++) {
          m[e] += c[e] / perSeed.size();
        }
      }
      return m;
    }

    /** The seeds' mean after the last epoch. */
    double finalMean() {
      double[] m = mean();
      return m.length == 0 ? Double.NaN : m[m.length - 1];
    }

    /** The first epoch (from 1) after which the mean reaches {@code target}; 0 if none does. */
    int epochsTo(double target) {
      double[] m = mean();
      for (int e = 0; e < m.length; e++) {
        if (m[e] >= target) {
          return e + 1;
        }
      }
      return 0;
    }
  }

  private final Map<String, Curves> curves = new LinkedHashMap<>();

  /** Runs (or, with {@code reuse}, takes from {@code out}) every configuration, P and seed. */
  static ScaleAccuracy run(Path root, Path out, ScaleArgs a, ArrayNode json) throws Exception {
    ScaleAccuracy acc = new ScaleAccuracy();
    if (!a.phases().contains("accuracy")) {
      return acc;
    }
    for (String c : a.configs()) {
      ScaleConfig config = ScaleConfig.named(c);
      for (int p : a.ps()) {
        List<double[]> perSeed = new ArrayList<>();
        List<Long> seeds = new ArrayList<>();
        for (long seed : a.seeds()) {
          List<String> args = config.trainArgs("local[" + p + "]", p, seed, config.epochs(),
              a.data(), "--set", "data.validation=t10k");
          StringBuilder opts = new StringBuilder("-Xmx3g");
          config.sparkConf().forEach(s -> opts.append(" -D").append(s));
          JsonNode m;
          try {
            m = TrainRun.reuseOrRun(root, out.resolve("accuracy/" + c + "/p" + p + "/seed" + seed),
                args, Map.of("NEURON_JAVA_OPTS", opts.toString()), a.reuse()).metrics();
          } catch (IllegalStateException e) {
            System.out.printf("[accuracy %s P=%d seed %d] failed: %s%n", c, p, seed,
                e.getMessage());
            json.addObject().put("config", c).put("p", p).put("seed", seed)
                .put("failed", e.getMessage());
            continue;
          }
          double[] curve = new double[m.path("epochs").size()];
          for (int e = 0; e < curve.length; e++) {
            curve[e] = m.path("epochs").get(e).path("val_accuracy").asDouble();
          }
          perSeed.add(curve);
          seeds.add(seed);
          ObjectNode row = json.addObject().put("config", c).put("p", p).put("seed", seed)
              .put("test_accuracy", m.at("/test/accuracy").asDouble())
              .put("mode", m.path("mode").asText());
          var per = row.putArray("test_accuracy_per_epoch");
          for (double v : curve) {
            per.add(v);
          }
          System.out.printf("[accuracy %s P=%d seed %d] %s: test accuracy per epoch %s%n", c, p,
              seed, m.path("mode").asText(), per);
        }
        acc.curves.put(c + "/" + p, new Curves(c, p, seeds, perSeed));
      }
    }
    return acc;
  }

  /** The curves of {@code config} at {@code p}; none when every run failed or none ran. */
  Curves of(String config, int p) {
    Curves c = curves.get(config + "/" + p);
    return c != null ? c : new Curves(config, p, List.of(), List.of());
  }
}
