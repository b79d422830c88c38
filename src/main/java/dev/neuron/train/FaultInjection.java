package dev.neuron.train;

import java.io.Serializable;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Test-only switch: {@code spark.neuron.test.failTask=P:S} (a Spark setting, or a local property
 * of the submitting thread) makes the task of partition P throw at global step S (epoch × steps
 * per epoch + step) on its first attempt only, so Spark's retry must recover the run. Unset in
 * production, where it does nothing.
 */
record FaultInjection(int partition, long step) implements Serializable {
  static final String KEY = "spark.neuron.test.failTask";
  static final FaultInjection NONE = new FaultInjection(-1, -1);

  static FaultInjection from(JavaSparkContext jsc) {
    String local = jsc.getLocalProperty(KEY);
    String v = local != null ? local : jsc.getConf().get(KEY, "");
    if (v.isEmpty()) {
      return NONE;
    }
    String[] parts = v.split(":");
    if (parts.length != 2) {
      throw new IllegalArgumentException(KEY + ": expected partition:step, found '" + v + "'");
    }
    return new FaultInjection(Integer.parseInt(parts[0].trim()), Long.parseLong(parts[1].trim()));
  }

  void maybeFail(int partition, int attempt, long globalStep) {
    if (attempt == 0 && partition == this.partition && globalStep == step) {
      throw new IllegalStateException("injected failure (" + KEY + "): partition " + partition
          + ", step " + globalStep + ", attempt 0");
    }
  }
}
