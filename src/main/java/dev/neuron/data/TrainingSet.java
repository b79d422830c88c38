package dev.neuron.data;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * Training examples cached in executor memory as one {@link ExampleBlock} per partition, read by
 * the executors themselves straight from the sources (the driver reads only headers); the
 * {@code read} package builds them from every kind of input.
 */
public record TrainingSet(JavaRDD<ExampleBlock> blocks, long count, int inputs, int outputs) {

  /**
   * One partition per given block, in order; blocks may have any sizes (tests use uneven ones).
   * The lineage is cut once the blocks are cached ({@code localCheckpoint}): otherwise every task
   * would carry its partition's block inside the serialized task.
   */
  public static TrainingSet fromBlocks(JavaSparkContext jsc, List<ExampleBlock> blocks) {
    long count = blocks.stream().mapToLong(ExampleBlock::rows).sum();
    ExampleBlock first = blocks.get(0);
    JavaRDD<ExampleBlock> rdd = jsc.parallelize(blocks, blocks.size())
        .persist(StorageLevel.MEMORY_ONLY());
    rdd.rdd().localCheckpoint();
    return cache(rdd, count, first.inputs(), first.outputs());
  }

  /**
   * Caches {@code blocks} before their first action; in local mode also cuts their lineage once
   * they are cached. Every task of every step carries its partition, and a partition of an
   * in-memory source (a list, a DataFrame made from rows) holds that source's data, which would
   * otherwise travel with every step; local mode has no other executor to recompute a lost block
   * on anyway. On a cluster the lineage stays, so Spark can read a lost executor's blocks again.
   */
  public static void persist(JavaRDD<ExampleBlock> blocks) {
    if (blocks.getStorageLevel().equals(StorageLevel.NONE())) {
      blocks.persist(StorageLevel.MEMORY_ONLY());
    }
    if (blocks.context().isLocal()) {
      blocks.rdd().localCheckpoint();
    }
  }

  /**
   * Caches {@code blocks} ({@link #persist}), counts them once so they are materialized, and
   * checks there is one per partition.
   */
  public static TrainingSet cache(JavaRDD<ExampleBlock> blocks, long count, int inputs,
      int outputs) {
    persist(blocks);
    long materialized = blocks.count();
    if (materialized != blocks.getNumPartitions()) {
      throw new IllegalStateException("expected one block per partition, found " + materialized
          + " blocks in " + blocks.getNumPartitions() + " partitions");
    }
    return new TrainingSet(blocks, count, inputs, outputs);
  }

  public int partitions() {
    return blocks.getNumPartitions();
  }

  /** Releases the cached blocks. */
  public void release() {
    blocks.unpersist(false);
  }
}
