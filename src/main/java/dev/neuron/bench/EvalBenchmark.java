package dev.neuron.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.neuron.cli.Sessions;
import dev.neuron.eval.SparkEvaluator;
import dev.neuron.linalg.Blas;
import dev.neuron.nn.Activation;
import dev.neuron.nn.Initializer;
import dev.neuron.nn.Network;
import dev.neuron.read.ExampleSources;
import dev.neuron.read.Examples;
import dev.neuron.read.InputFormat;
import dev.neuron.read.ReadSpec;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import static org.apache.spark.ml.functions.array_to_vector;
import static org.apache.spark.sql.functions.col;

/**
 * One throughput measurement: {@code EvalBenchmark neuron|mllib|list FORMAT PATH CORES
 * [resize|resize-draft]}.
 * Neuron runs the
 * evaluation job's path (reader → chunks → one sgemm per layer per chunk → merged metrics) with
 * random 784-512-10 weights; MLlib runs {@code MultilayerPerceptronClassificationModel.transform}
 * with the same layer sizes (weights from a one-iteration fit on 1,000 rows; only speed matters)
 * on the same Parquet rows, forced by Spark's no-op sink. Runs four times (cold: class loading,
 * code generation and JIT included; then three warm passes, since a run of a few seconds keeps the
 * JIT compiler busy well into the second: {@code jit-seconds} says how much) and prints a
 * {@code RESULT} line for each: images/s, per
 * core (wall), per CPU-second of the process (less sensitive to other load on the machine), and
 * the heap peak so far (local mode: driver and executor are this one JVM), and the time to open the
 * input (for image folders: the listing). {@code list} only opens the input, once: the listing time
 * and the driver's heap for it. {@code resize}: images are resampled to the model's 28×28
 * ({@code resize-draft}: JPEGs decoded at a reduced scale first). For Neuron a {@code TIMELINE}
 * line follows ({@link TaskTimeline}). A run's seconds start before the listing and end with the
 * metrics on the driver: JVM start, Spark's session start and the sgemm probe are not in them
 * (the cold run's {@code startup-seconds} gives the first two).
 */
public final class EvalBenchmark {
  private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

  private EvalBenchmark() {}

  public static void main(String[] argv) throws Exception {
    String engine = argv[0];
    InputFormat format = InputFormat.fromKey(argv[1]);
    String path = argv[2];
    int cores = Integer.parseInt(argv[3]);
    String resize = argv.length > 4 ? argv[4] : "";
    ReadSpec spec = ReadSpec.of(format).withSizes(resize.equals("resize-draft")
        ? ReadSpec.Sizes.RESIZE_DRAFT : resize.equals("resize") ? ReadSpec.Sizes.RESIZE
        : ReadSpec.Sizes.EXACT);
    // Load OpenBLAS before MLlib touches netlib, so both engines multiply with the same library.
    String blas = Blas.implementation();
    long probe = System.nanoTime();
    double sgemm = SgemmPeak.measure();
    double probeSeconds = (System.nanoTime() - probe) / 1e9;
    SparkSession spark = Sessions.start("neuron-bench", "local[" + cores + "]", cores);
    spark.sparkContext().setLogLevel("WARN");
    TaskTimeline timeline = new TaskTimeline();
    spark.sparkContext().addSparkListener(timeline);
    try {
      Network net = Network.input(784).dense(512, Activation.RELU).dense(10, Activation.SOFTMAX)
          .build();
      float[] params = net.initialParameters(Initializer.GLOROT_UNIFORM, new SplittableRandom(1));
      MultilayerPerceptronClassificationModel mllib = engine.equals("mllib")
          ? mllibModel(spark, path) : null;
      OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory
          .getOperatingSystemMXBean();
      System.gc();
      ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
      for (String run : engine.equals("list") ? new String[] {"cold"}
          : new String[] {"cold", "warm", "warm", "warm"}) {
        timeline.reset();
        // JVM start, class loading and Spark's session start: what precedes the first run.
        double startup = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3 - probeSeconds;
        long cpu0 = os.getProcessCpuTime();
        long jit0 = JIT.getTotalCompilationTime();
        long start = System.currentTimeMillis();
        long t0 = System.nanoTime();
        long count;
        int tasks = 0;
        double openSeconds = 0;
        if (!engine.equals("mllib")) {
          Examples<?> data = ExampleSources.open(spark, path, spec, 784, 10,
              ReadSpec.Labels.REQUIRED);
          openSeconds = (System.nanoTime() - t0) / 1e9;
          tasks = data.partitions().getNumPartitions();
          count = engine.equals("list") ? data.partitions().getNumPartitions()
              : SparkEvaluator.evaluate(JavaSparkContext.fromSparkContext(spark.sparkContext()),
                  data, net, params, 5).count();
        } else {
          Dataset<Row> df = vectors(spark.read().parquet(path));
          mllib.transform(df).select("prediction").write().format("noop").mode("overwrite")
              .save();
          count = spark.read().parquet(path).count();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
          if (p.getType() == MemoryType.HEAP) {
            peak += p.getPeakUsage().getUsed();
          }
        }
        System.gc();
        long after = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf("RESULT %-6s %-7s %s %s=%d seconds=%.1f open-seconds=%.2f"
            + (run.equals("cold") ? String.format(" startup-seconds=%.1f", startup) : "")
            + " images/s=%.0f per-core(wall)=%.0f per-cpu-second=%.0f peak-heap-MB=%d"
            + " heap-after-gc-MB=%d max-heap-MB=%d jit-seconds=%.1f sgemm-GFLOPS=%.1f blas=%s%n",
            engine,
            format.key(), run,
            engine.equals("list") ? "partitions" : "n", count, seconds, openSeconds,
            count / seconds, count / seconds / cores, count / cpuSeconds, peak >> 20, after >> 20,
            Runtime.getRuntime().maxMemory() >> 20,
            (JIT.getTotalCompilationTime() - jit0) / 1e3, sgemm, blas.replaceAll(".*\\.", ""));
        if (engine.equals("neuron")) {
          // The forward pass alone at the measured sgemm rate: 2 flops per weight per image.
          System.out.printf("%s forward-pass-estimate-core-s=%.2f%n",
              timeline.line(start, seconds, tasks, cores),
              count * 2.0 * (784 * 512 + 512 * 10) / (sgemm * 1e9));
        }
      }
    } finally {
      spark.stop();
    }
  }

  private static Dataset<Row> vectors(Dataset<Row> df) {
    return df.withColumn("features", array_to_vector(col("features")))
        .withColumn("label", col("label").cast("double"));
  }

  private static MultilayerPerceptronClassificationModel mllibModel(SparkSession spark,
      String path) {
    Dataset<Row> small = vectors(spark.read().parquet(path).limit(1000));
    return new MultilayerPerceptronClassifier().setLayers(new int[] {784, 512, 10})
        .setMaxIter(1).setSeed(1).fit(small);
  }
}
