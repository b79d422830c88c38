package dev.neuron.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.neuron.train.EveryPartition;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction2;

/**
 * Measures, on the benchmark's own session, what one job-per-step costs before any arithmetic: an
 * empty job over the partitions, the same job reading a fresh broadcast of the weights, and the same
 * job returning a gradient-sized {@code float[]} from every partition, and both. Medians of many
 * repetitions after a warm-up; the differences attribute the job-per-step mode's coordination time
 * to its parts.
 */
final class SparkFloor {
  private static final int WARM_UP = 200;
  private static final int REPS = 80;

  private SparkFloor() {}

  /** Measures over {@code rdd}: the cached training blocks, whose lineage every step ships. */
  static void measure(JavaRDD<?> rdd, int params, ObjectNode out) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(rdd.context());
    float[] weights = new float[params];
    Runnable[] jobs = {
        () -> run(rdd, new Touch<>(null, 0)),
        () -> job(jsc, rdd, weights, 0),
        () -> run(rdd, new Touch<>(null, params)),
        () -> job(jsc, rdd, weights, params)};
    // Spark's job path runs interpreted at first: a cold median is twice a warm one. The variants
    // then take turns, so that a busy moment of the machine falls on all of them alike.
    for (int i = 0; i < WARM_UP; i++) {
      jobs[3].run();
    }
    double[][] ms = new double[jobs.length][REPS];
    for (int i = 0; i < REPS; i++) {
      for (int j = 0; j < jobs.length; j++) {
        long t0 = System.nanoTime();
        jobs[j].run();
        ms[j][i] = (System.nanoTime() - t0) / 1e6;
      }
    }
    double empty = median(ms[0]);
    double broadcast = median(ms[1]);
    double results = median(ms[2]);
    double both = median(ms[3]);
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
    run(rdd, new Touch<>(bc, size));
    bc.destroy();
  }

  /** Runs {@code touch} over every partition the way a step's job runs (see {@code JobSteps}). */
  private static <T> void run(JavaRDD<T> rdd, Touch<T> touch) {
    EveryPartition.run(rdd.rdd(), touch, float[].class);
  }

  private static double median(double[] ms) {
    Arrays.sort(ms);
    return ms[ms.length / 2];
  }

  /** Reads the broadcast (if any) and returns an array of {@code size} floats (if any). */
  private static final class Touch<T> extends AbstractFunction2<TaskContext, Iterator<T>, float[]>
      implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Broadcast<float[]> bc;
    private final int size;

    Touch(Broadcast<float[]> bc, int size) {
      this.bc = bc;
      this.size = size;
    }

    @Override
    public float[] apply(TaskContext task, Iterator<T> it) {
      if (bc != null && bc.value().length == 0) { // reading the value is what costs
        throw new IllegalStateException("empty broadcast");
      }
      return new float[size];
    }
  }
}
