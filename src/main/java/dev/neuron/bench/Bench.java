package dev.neuron.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.neuron.cli.ExitCode;
import dev.neuron.cli.Sessions;
import dev.neuron.eval.Metrics;
import dev.neuron.eval.SparkEvaluator;
import dev.neuron.linalg.Blas;
import dev.neuron.nn.Activation;
import dev.neuron.nn.Initializer;
import dev.neuron.nn.Loss;
import dev.neuron.nn.Network;
import dev.neuron.optim.RmsProp;
import dev.neuron.read.IdxBlocks;
import dev.neuron.read.IdxDataset;
import dev.neuron.train.Checkpointer;
import dev.neuron.train.EpochStats;
import dev.neuron.train.ExecutionMode;
import dev.neuron.train.SparkTrainer;
import dev.neuron.train.StepStats;
import dev.neuron.train.TrainOptions;
import dev.neuron.train.TrainingListener;
import dev.neuron.data.TrainingSet;
import dev.neuron.train.TrainingState;
import dev.neuron.train.gang.GangSetting;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The training benchmark behind {@code jobs/bench.sh}: measures this machine's {@code sgemm} rate,
 * then trains the reference job in each requested mode and Spark MLlib's
 * {@code MultilayerPerceptronClassifier} with the same layer sizes and wall-clock budget, all in
 * one JVM, and prints and writes {@code bench.json}. Not a test: numbers depend on the machine.
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] argv) throws Exception {
    BenchArgs a;
    try {
      a = BenchArgs.parse(argv);
    } catch (RuntimeException e) {
      System.exit(ExitCode.of(e));
      return;
    }
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("load_average_start", ManagementFactory.getOperatingSystemMXBean()
        .getSystemLoadAverage());
    root.put("cores", Runtime.getRuntime().availableProcessors());
    root.put("blas", Blas.implementation());
    double peak = SgemmPeak.measure();
    root.put("sgemm_gflops_per_core", peak);
    double concurrent = SgemmPeak.measureConcurrent(a.partitions());
    root.put("sgemm_gflops_per_core_concurrent", concurrent);
    System.out.printf("BLAS %s: sgemm %.1f GFLOP/s on one core (512x784 · 784x64); %.1f per"
        + " thread with %d threads at once%n", Blas.implementation(), peak, concurrent,
        a.partitions());

    SparkSession spark = Sessions.start("neuron-bench", a.master(), a.partitions());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    try {
      Network net = Network.input(784).dense(512, Activation.RELU).dense(10, Activation.SOFTMAX)
          .loss(Loss.CATEGORICAL_CROSSENTROPY).build();
      IdxDataset trainFiles = IdxDataset.inDirectory(jsc.hadoopConfiguration(), a.data(), "train");
      IdxDataset testFiles = IdxDataset.inDirectory(jsc.hadoopConfiguration(), a.data(), "t10k");
      TrainingSet train = IdxBlocks.cached(jsc, trainFiles, a.partitions(), 10);
      TrainingSet test = IdxBlocks.cached(jsc, testFiles, a.partitions(), 10);
      SparkFloor.measure(train.blocks(), net.paramCount(), root.putObject("spark_floor"));
      ObjectNode modes = root.putObject("modes");
      double budget = 0;
      for (String mode : a.modes()) {
        ObjectNode m = modes.putObject(mode);
        budget = Math.max(budget, runMode(jsc, mode, net, train, test, a, peak, concurrent, m));
      }
      JsonNode gang = modes.path("gang");
      if (modes.has("gang-tcp") && gang.has("compute_ms_median")) {
        // What the TCP run's bytes cost through bare sockets, around the in-JVM step's arithmetic.
        LoopbackFloor.measure(a.partitions(), LoopbackFloor.WEIGHTS_BYTES,
            LoopbackFloor.GRADIENT_BYTES, gang.path("compute_ms_median").asDouble(),
            gang.path("driver_update_ms_median").asDouble(), 1500,
            root.putObject("loopback_floor"));
      }
      if (a.mllib()) {
        MlpComparison.run(spark, train, test, Math.max(budget, a.mllibSeconds()), a.seed(),
            root.putObject("mllib"));
      }
      root.put("load_average_end", ManagementFactory.getOperatingSystemMXBean()
          .getSystemLoadAverage());
    } finally {
      spark.stop();
    }
    if (a.endToEndRounds() > 0) {
      EndToEnd.measure(new EndToEnd.Settings(Path.of("").toAbsolutePath(), a.data(), a.seed(),
          a.epochs(), a.endToEndRounds(), a.endToEndFlags(), Path.of(a.out())),
          root.putObject("end_to_end"));
    }
    Targets.print(root);
    Files.createDirectories(Path.of(a.out()));
    Path json = Path.of(a.out(), "bench.json");
    Files.writeString(json, mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    System.out.println("Wrote " + json);
  }

  /** Trains in one mode, prints its numbers into {@code m}; returns the training seconds. */
  private static double runMode(JavaSparkContext jsc, String mode, Network net, TrainingSet train,
      TrainingSet test, BenchArgs a, double peak, double concurrent, ObjectNode m) {
    TrainOptions opt = new TrainOptions(a.epochs(), 128, RmsProp.defaults(),
        Initializer.GLOROT_UNIFORM, a.seed());
    List<StepStats> steps = new ArrayList<>();
    TrainingListener record = new TrainingListener() {
      @Override
      public void onStep(StepStats s) {
        steps.add(s);
      }

      @Override
      public void onEpoch(EpochStats e, int epochs) {
        System.out.printf("[%s] epoch %d/%d: %.2fs, loss %.4f, accuracy %.4f%n", mode, e.epoch(),
            epochs, e.seconds(), e.loss(), e.accuracy());
      }
    };
    // gang-tcp: gang mode with the tasks on loopback TCP even though they share the driver's JVM.
    jsc.setLocalProperty(GangSetting.TRANSPORT.key(), mode.equals("gang-tcp") ? "tcp" : null);
    long t0 = System.nanoTime();
    ThreadCpu cpu = ThreadCpu.start();
    TrainingState s = new SparkTrainer(jsc)
        .withMode(ExecutionMode.fromKey(mode.startsWith("gang") ? "gang" : mode))
        .withStepLimit(a.steps()).fit(train, net, opt, SparkTrainer.initialState(net, opt), record,
            Checkpointer.NONE);
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpuSeconds = cpu.processSeconds();
    Map<String, double[]> cpuByThread = cpu.byGroup();
    jsc.setLocalProperty(GangSetting.TRANSPORT.key(), null);
    Metrics acc = SparkEvaluator.evaluate(jsc, test.blocks(), net, s.params(), 5);

    double[] stepMs = steps.stream().mapToDouble(x -> x.nanos() / 1e6).sorted().toArray();
    double[] computeMs = steps.stream().mapToDouble(x -> x.computeNanos() / 1e6).sorted().toArray();
    double[] coordMs = steps.stream()
        .mapToDouble(x -> (x.nanos() - x.computeNanos() - x.driverNanos()) / 1e6).sorted().toArray();
    double[] driverMs = steps.stream().mapToDouble(x -> x.driverNanos() / 1e6).sorted().toArray();
    double flopsPerExample = 2.0 * 3 * (784.0 * 512 + 512 * 10) - 2.0 * 784 * 512;
    long examples = steps.stream().mapToLong(StepStats::count).sum();
    double computeSeconds = Arrays.stream(computeMs).sum() / 1e3;
    // Each partition does 1/P of a step's work; the slowest one's time is what the step waits for.
    double gflops = flopsPerExample * examples / a.partitions() / computeSeconds / 1e9;
    ArrayNode epochs = m.putArray("epochs");
    for (EpochStats e : s.history()) {
      epochs.addObject().put("epoch", e.epoch()).put("seconds", e.seconds()).put("loss", e.loss())
          .put("accuracy", e.accuracy());
    }
    // Start-up, paid once per run (a gang assembling), is outside every epoch's clock.
    double startup = seconds - s.history().stream().mapToDouble(EpochStats::seconds).sum();
    m.put("seconds", seconds).put("startup_seconds", startup);
    m.put("steps", stepMs.length);
    m.put("step_ms_median", pct(stepMs, 50)).put("step_ms_p90", pct(stepMs, 90));
    m.put("compute_ms_median", pct(computeMs, 50)).put("compute_ms_p90", pct(computeMs, 90));
    m.put("driver_update_ms_median", pct(driverMs, 50));
    m.put("coordination_ms_mean", Arrays.stream(coordMs).average().orElse(0));
    m.put("coordination_ms_median", pct(coordMs, 50)).put("coordination_ms_p90", pct(coordMs, 90));
    m.put("gflops_per_core", gflops).put("fraction_of_sgemm_peak", gflops / peak)
        .put("fraction_of_concurrent_sgemm", gflops / concurrent);
    m.put("samples_per_second", examples / seconds);
    m.put("test_accuracy", acc.accuracy()).put("test_loss", acc.loss());
    firstEpochProfile(mode, steps, m.putArray("first_epoch_profile"));
    cpuProfile(mode, cpuSeconds, stepMs.length, cpuByThread, m);
    System.out.printf("[%s] %d steps in %.2fs (start-up %.2fs): step %.2f ms median (p90 %.2f);"
        + " arithmetic %.2f ms (%.1f GFLOP/s per core, %.0f%% of sgemm, %.0f%% of concurrent"
        + " sgemm); driver update %.2f ms; coordination %.2f ms mean (%.2f median); %.0f"
        + " samples/s; test accuracy %.4f%n", mode, stepMs.length, seconds, startup,
        pct(stepMs, 50), pct(stepMs, 90),
        pct(computeMs, 50), gflops, 100 * gflops / peak, 100 * gflops / concurrent,
        pct(driverMs, 50), Arrays.stream(coordMs).average().orElse(0), pct(coordMs, 50),
        examples / seconds, acc.accuracy());
    return seconds;
  }

  /**
   * CPU time of the whole fit per step, and by thread group (those above 0.5 % of the total): on a
   * loaded machine the share of each group is steadier than any wall-clock figure.
   */
  private static void cpuProfile(String mode, double seconds, int steps,
      Map<String, double[]> groups, ObjectNode m) {
    m.put("cpu_seconds", seconds).put("cpu_ms_per_step", 1e3 * seconds / steps);
    ObjectNode by = m.putObject("cpu_seconds_by_thread");
    StringBuilder line = new StringBuilder(String.format("[%s] CPU %.2f s, %.2f ms per step;"
        + " by thread (s, of which kernel):", mode, seconds, 1e3 * seconds / steps));
    groups.entrySet().stream().filter(e -> e.getValue()[0] > 0.005 * seconds)
        .sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0])).forEach(e -> {
          by.putObject(e.getKey()).put("seconds", e.getValue()[0])
              .put("kernel_seconds", e.getValue()[1]);
          line.append(String.format(" %s %.2f (%.2f);", e.getKey(), e.getValue()[0],
              e.getValue()[1]));
        });
    System.out.println(line);
  }

  /**
   * Where the first epoch's time goes as the JVM warms up: mean step, arithmetic, driver and
   * coordination milliseconds over steps 1, 2–10, 11–50, 51–100 and the rest of epoch 1.
   */
  private static void firstEpochProfile(String mode, List<StepStats> steps, ArrayNode out) {
    int[] edges = {0, 1, 10, 50, 100, Integer.MAX_VALUE};
    List<StepStats> first = steps.stream().filter(x -> x.epoch() == 1).toList();
    StringBuilder line = new StringBuilder("[" + mode + "] epoch 1 by steps (ms: step ="
        + " arithmetic + driver + coordination):");
    for (int b = 0; b + 1 < edges.length && edges[b] < first.size(); b++) {
      List<StepStats> range = first.subList(edges[b], Math.min(edges[b + 1], first.size()));
      double n = range.size();
      double step = range.stream().mapToLong(StepStats::nanos).sum() / n / 1e6;
      double compute = range.stream().mapToLong(StepStats::computeNanos).sum() / n / 1e6;
      double driver = range.stream().mapToLong(StepStats::driverNanos).sum() / n / 1e6;
      String steps1 = (edges[b] + 1) + (range.size() > 1 ? "-" + (edges[b] + range.size()) : "");
      out.addObject().put("steps", steps1).put("step_ms", step).put("compute_ms", compute)
          .put("driver_ms", driver).put("coordination_ms", step - compute - driver)
          .put("total_seconds", step * n / 1e3);
      line.append(String.format(" %s: %.2f = %.2f + %.2f + %.2f (%.2fs);", steps1, step, compute,
          driver, step - compute - driver, step * n / 1e3));
    }
    System.out.println(line);
  }

  static double pct(double[] sorted, int p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }
}
