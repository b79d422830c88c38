package dev.neuron.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.neuron.cli.ExitCode;
import dev.neuron.linalg.Blas;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scaling benchmark behind {@code jobs/bench-scale.sh}, run in the driver's namespace of
 * {@code jobs/netns-cluster.sh}, in three parts, each run its own {@code jobs/train.sh} process:
 * <ol>
 *   <li>accuracy ({@link ScaleAccuracy}): each configuration at each P over the seeds, in local
 *       mode, the test set scored after every epoch;
 *   <li>arithmetic per executor, each configuration at each P, alone on one core ({@code local[1]},
 *       one job per sync: the P tasks run one after another), because on the cluster P executors
 *       share this machine's cores;
 *   <li>time and bytes: each configuration with P executors (one core each,
 *       {@code spark.cores.max=P}) on links shaped to each rate, and beside them the peer a
 *       PySpark user would pick ({@link ScalePeer}).
 * </ol>
 * Prints the table ({@link ScaleSummary}) and writes {@code bench.json}; {@link ScaleRow} states
 * the projection.
 */
public final class ScaleBench {
  private ScaleBench() {}

  public static void main(String[] argv) throws Exception {
    ScaleArgs a;
    try {
      a = ScaleArgs.parse(argv);
    } catch (RuntimeException e) {
      System.exit(ExitCode.of(e));
      return;
    }
    String run = System.getenv("NEURON_NETNS_RUN");
    String prefix = System.getenv("NEURON_NETNS_PREFIX");
    String properties = System.getenv("NEURON_SPARK_PROPERTIES");
    String master = System.getenv("MASTER_URL");
    if (run == null || prefix == null || properties == null || master == null) {
      System.err.println("error: the scaling bench runs inside jobs/netns-cluster.sh; start it"
          + " with jobs/bench-scale.sh");
      System.exit(2);
      return;
    }
    int workers = Integer.parseInt(System.getenv("NEURON_NETNS_WORKERS"));
    int maxP = a.ps().stream().mapToInt(Integer::intValue).max().orElse(1);
    if (maxP > workers) {
      System.err.printf("error: --p asks for %d executors, the cluster has %d workers%n", maxP,
          workers);
      System.exit(2);
      return;
    }
    Path root = Path.of("").toAbsolutePath();
    Path out = Path.of(a.out()).toAbsolutePath();
    Files.createDirectories(out);
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode json = mapper.createObjectNode();
    json.put("note", "links shaped by tc tbf in both directions; no added latency (netem is not"
        + " available); P executors share this machine's cores, so arithmetic per executor is"
        + " measured alone on one core (local[1]) and the projection is "
        + ScaleRow.PROJECTION);
    json.put("load_average_start", load());
    json.put("cores", Runtime.getRuntime().availableProcessors());
    json.put("blas", Blas.implementation());
    double sgemm = SgemmPeak.measure();
    json.put("sgemm_gflops_per_core", sgemm);
    System.out.printf("Scaling bench: %d cores, load %.1f; BLAS %s, sgemm %.1f GFLOP/s on one"
        + " core; links shaped by tbf, no added latency (netem is not available)%n",
        Runtime.getRuntime().availableProcessors(), load(), Blas.implementation(), sgemm);

    ScaleAccuracy accuracy = ScaleAccuracy.run(root, out, a, json.putArray("accuracy_runs"));
    Map<String, Double> arithmetic = a.phases().contains("arithmetic")
        ? calibrate(root, out, a, json) : Map.of();

    List<ScaleRow> rows = new ArrayList<>();
    ArrayNode rowsJson = json.putArray("rows");
    ArrayNode peerJson = json.putArray("torch_distributor");
    for (String rate : a.phases().contains("cluster") ? a.rates() : List.<String>of()) {
      reshape(root, run, rate);
      for (int p : a.ps()) {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("driver", prefix + "d");
        for (int w = 1; w <= p; w++) {
          links.put("worker-" + w, prefix + "w" + w);
        }
        for (String c : a.configs()) {
          ScaleConfig config = ScaleConfig.named(c);
          Path props = properties(Path.of(properties), out.resolve("spark-p" + p + "-" + c
              + ".properties"), p, config);
          for (long seed : a.timingSeeds()) {
            List<String> args = config.trainArgs(master, p, seed, a.timingEpochs(), a.data());
            Path dir = out.resolve(rate + "/p" + p + "/" + c + "/seed" + seed);
            TrainRun.Result r;
            try {
              r = TrainRun.run(root, dir, args, Map.of("NEURON_SPARK_PROPERTIES",
                  props.toString(), "NEURON_JAVA_OPTS", "-Xmx2g"), links);
            } catch (IllegalStateException e) {
              // A run that fails (diverges, say) is a result too; the others go on.
              rowsJson.addObject().put("rate", rate).put("p", p).put("config", c)
                  .put("seed", seed).put("failed", e.getMessage());
              System.out.printf("[%s P=%d %s seed %d] failed: %s%n", rate, p, c, seed,
                  e.getMessage());
              continue;
            }
            ScaleRow row = ScaleRow.of(rate, p, c, seed, r, arithmetic.getOrDefault(c + "/" + p,
                Double.NaN));
            rows.add(row);
            row.into(rowsJson.addObject());
            System.out.println(row.line());
          }
        }
      }
      ScalePeer.run(root, out, rate, a, 5, peerJson);
    }
    ScaleSummary.print(rows, accuracy, json.putArray("summary"), json.putArray("targets"),
        System.out);
    json.put("load_average_end", load());
    Path file = out.resolve("bench.json");
    Files.writeString(file, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(json)
        + "\n");
    System.out.println("Wrote " + file);
  }

  /**
   * Each configuration's arithmetic per executor at each P, alone on one core: local[1], one job
   * per step or round, so the P tasks of a sync run one after another.
   */
  private static Map<String, Double> calibrate(Path root, Path out, ScaleArgs a, ObjectNode json)
      throws Exception {
    Map<String, Double> arithmetic = new HashMap<>();
    ObjectNode calibration = json.putObject("arithmetic_per_executor_ms");
    for (String c : a.configs()) {
      ScaleConfig config = ScaleConfig.named(c);
      for (int p : a.ps()) {
        List<String> args = config.trainArgs("local[1]", p, 1, 2, a.data(), "--mode", "jobs");
        double ms;
        try {
          JsonNode times = TrainRun.run(root, out.resolve("calibration/" + c + "/p" + p), args,
              Map.of(), Map.of()).metrics().path("step_times");
          ms = times.path(times.size() - 1).path("arithmetic_ms_mean").asDouble();
        } catch (IllegalStateException e) {
          System.out.printf("arithmetic per executor, %s at P=%d: failed: %s%n", c, p,
              e.getMessage());
          ms = Double.NaN;
        }
        arithmetic.put(c + "/" + p, ms);
        calibration.put(c + "/p" + p, ms);
        System.out.printf("arithmetic per executor, %s at P=%d (alone on one core): %.2f ms per"
            + " sync%n", c, p, ms);
      }
    }
    return arithmetic;
  }

  /** The cluster's driver properties and this run's: P one-core executors, all registered. */
  private static Path properties(Path base, Path file, int p, ScaleConfig config)
      throws java.io.IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(base));
    lines.add("spark.cores.max=" + p);
    lines.add("spark.scheduler.minRegisteredResourcesRatio=1.0");
    lines.add("spark.scheduler.maxRegisteredResourcesWaitingTime=300s");
    lines.addAll(config.sparkConf());
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-------")));
    Files.write(file, lines);
    return file;
  }

  /** Shapes every link of the running cluster to {@code rate}. */
  private static void reshape(Path root, String run, String rate) throws Exception {
    Process p = new ProcessBuilder("bash", "jobs/netns-cluster.sh", "--reshape", run, rate)
        .directory(root.toFile()).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("jobs/netns-cluster.sh --reshape " + run + " " + rate
          + ": exit " + p.exitValue());
    }
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
