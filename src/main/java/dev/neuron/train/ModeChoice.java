package dev.neuron.train;

import dev.neuron.train.gang.BarrierSlots;
import org.apache.spark.SparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mode a run's steps execute in ({@link ExecutionMode#JOBS} or {@link ExecutionMode#GANG}) and
 * why, decided once when training starts. {@code auto} and {@code gang} both run the gang where
 * Spark can run its barrier stage with every partition's task at once ({@link BarrierSlots}), and
 * one job per step otherwise, at once rather than after Spark's barrier re-checks; an explicit
 * {@code gang} that falls back says so as a warning.
 */
public record ModeChoice(ExecutionMode mode, String reason) {
  private static final Logger LOG = LoggerFactory.getLogger(ModeChoice.class);

  public ModeChoice {
    if (mode == ExecutionMode.AUTO) {
      throw new IllegalArgumentException("a chosen mode is jobs or gang, found auto");
    }
  }

  /** Decides how to run {@code partitions} partitions' steps when {@code requested}; logs it. */
  public static ModeChoice of(SparkContext sc, ExecutionMode requested, int partitions) {
    if (requested == ExecutionMode.JOBS) {
      return logged(new ModeChoice(ExecutionMode.JOBS, "requested (train.mode=jobs)"));
    }
    String shortfall = BarrierSlots.shortfall(sc, partitions);
    if (shortfall == null) {
      return logged(new ModeChoice(ExecutionMode.GANG, requested == ExecutionMode.GANG
          ? "requested (train.mode=gang)"
          : "auto: the " + partitions + " partitions' tasks fit the "
              + BarrierSlots.available(sc) + " task slots at once"));
    }
    if (requested == ExecutionMode.GANG) {
      ModeChoice c = new ModeChoice(ExecutionMode.JOBS, "gang requested, but " + shortfall);
      LOG.warn("one Spark job per step: {}", c.reason);
      return c;
    }
    return logged(new ModeChoice(ExecutionMode.JOBS, "auto: " + shortfall));
  }

  private static ModeChoice logged(ModeChoice c) {
    LOG.info("{}: {}", c.mode == ExecutionMode.GANG ? "gang mode" : "one Spark job per step",
        c.reason);
    return c;
  }
}
