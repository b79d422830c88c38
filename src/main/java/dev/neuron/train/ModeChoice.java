package dev.neuron.train;

import dev.neuron.train.gang.BarrierSlots;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mode a run's steps execute in ({@link ExecutionMode#JOBS} or {@link ExecutionMode#GANG}) and
 * why, decided once when training starts. {@code auto} and {@code gang} both run the gang where
 * Spark can run its barrier stage with every partition's task at once ({@link BarrierSlots}), and
 * one job per step otherwise, at once rather than after Spark's barrier re-checks; an explicit
 * {@code gang} that falls back says so as a warning. A gang task holds its partition's block for
 * the whole run, so training data cached on disk alone ({@code DISK_ONLY}: data larger than the
 * executors' memory) makes {@code auto} choose one job per step, which deserializes a block only
 * while its step runs.
 */
public record ModeChoice(ExecutionMode mode, String reason) {
  private static final Logger LOG = LoggerFactory.getLogger(ModeChoice.class);

  public ModeChoice {
    if (mode == ExecutionMode.AUTO) {
      throw new IllegalArgumentException("a chosen mode is jobs or gang, found auto");
    }
  }

  /**
   * Decides how to run {@code partitions} partitions' steps, cached at {@code level}, when
   * {@code requested}; logs it.
   */
  public static ModeChoice of(SparkContext sc, ExecutionMode requested, int partitions,
      StorageLevel level) {
    if (requested == ExecutionMode.JOBS) {
      return logged(new ModeChoice(ExecutionMode.JOBS, "requested (train.mode=jobs)"));
    }
    if (requested == ExecutionMode.AUTO && level.useDisk() && !level.useMemory()) {
      return logged(new ModeChoice(ExecutionMode.JOBS, "auto: the training data is cached at "
          + name(level) + ", and a gang task would hold its whole block in memory for"
          + " the run"));
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

  /** Spark's name of {@code level} as train.storage_level takes it. */
  private static String name(StorageLevel level) {
    for (String n : List.of("DISK_ONLY", "DISK_ONLY_2", "DISK_ONLY_3")) {
      if (StorageLevel.fromString(n).equals(level)) {
        return n;
      }
    }
    return level.toString();
  }

  private static ModeChoice logged(ModeChoice c) {
    LOG.info("{}: {}", c.mode == ExecutionMode.GANG ? "gang mode" : "one Spark job per step",
        c.reason);
    return c;
  }
}
