package dev.neuron.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * Measures, on the benchmark's own session, what one job-per-step costs before any arithmetic: an
 * empty job over the partitions, the same job reading a fresh broadcast of the weights, and the same
 * job returning a gradient-sized {@code float[]} from every partition, and both. Medians of many
 * repetitions after a warm-up; the differences attribute the job-per-step mode's coordination time
 * to its parts.
 */
final class SparkFloor {
  private static final int WARM_UP = 100;
  private static final int REPS = 60;

  private SparkFloor() {}

  /** Measures over {@code rdd}: the cached training blocks, whose lineage every step ships. */
  static void measure(JavaRDD<?> rdd, int params, ObjectNode out) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(rdd.context());
    float[] weights = new float[params];
    double empty = median(() -> rdd.mapPartitions(new Touch<>(null, 0)).collect());
    double broadcast = median(() -> job(jsc, rdd, weights, 0));
    double results = median(() -> rdd.mapPartitions(new Touch<>(null, params)).collect());
    double both = median(() -> job(jsc, rdd, weights, params));
    out.put("empty_job_ms", empty);
    out.put("broadcast_weights_extra_ms", broadcast - empty);
    out.put("return_gradients_extra_ms", results - empty);
    out.put("step_without_arithmetic_ms", both);
    System.out.printf("[spark floor] empty job over %d partitions %.2f ms; + broadcast of %d floats"
        + " %.2f ms; + a %d-float result per partition %.2f ms; both: %.2f ms%n",
        rdd.getNumPartitions(), empty, params, broadcast - empty, params, results - empty, both);
  }

  /** A step's job without its arithmetic: broadcast the weights, read them, return results. */
  private static void job(JavaSparkContext jsc, JavaRDD<?> rdd, float[] weights, int size) {
    Broadcast<float[]> bc = jsc.broadcast(weights);
    rdd.mapPartitions(new Touch<>(bc, size)).collect();
    bc.destroy();
  }

  private static double median(Runnable job) {
    double[] ms = new double[REPS];
    // Spark's job path runs interpreted at first: a cold median is twice a warm one.
    for (int i = 0; i < WARM_UP; i++) {
      job.run();
    }
    for (int i = 0; i < REPS; i++) {
      long t0 = System.nanoTime();
      job.run();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return ms[REPS / 2];
  }

  /** Reads the broadcast (if any) and returns an array of {@code size} floats (if any). */
  private static final class Touch<T> implements FlatMapFunction<Iterator<T>, float[]> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<float[]> bc;
    private final int size;

    Touch(Broadcast<float[]> bc, int size) {
      this.bc = bc;
      this.size = size;
    }

    @Override
    public Iterator<float[]> call(Iterator<T> it) {
      if (bc != null && bc.value().length == 0) { // reading the value is what costs
        throw new IllegalStateException("empty broadcast");
      }
      return Collections.singletonList(new float[size]).iterator();
    }
  }
}
