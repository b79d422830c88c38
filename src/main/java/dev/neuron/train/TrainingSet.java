package dev.neuron.train;

import dev.neuron.data.DataException;
import dev.neuron.data.ExampleBlock;
import dev.neuron.data.HadoopConf;
import dev.neuron.data.IdxDataset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * Training examples cached in executor memory as one {@link ExampleBlock} per partition, read by
 * the executors themselves straight from the files (the driver reads only headers).
 */
public record TrainingSet(JavaRDD<ExampleBlock> blocks, long count, int inputs, int outputs) {

  /** Reads {@code data} into {@code partitions} near-equal blocks, cached in memory. */
  public static TrainingSet fromIdx(JavaSparkContext jsc, IdxDataset data, int partitions,
      int classes) {
    return fromIdx(jsc, data, partitions, classes, StorageLevel.MEMORY_ONLY());
  }

  /**
   * {@link #fromIdx(JavaSparkContext, IdxDataset, int, int)} cached at {@code level}: with disk in
   * it, blocks Spark cannot keep in memory are written to the executors' local disks and read back
   * when a step needs them, instead of being recomputed from the files.
   */
  public static TrainingSet fromIdx(JavaSparkContext jsc, IdxDataset data, int partitions,
      int classes, StorageLevel level) {
    JavaRDD<ExampleBlock> blocks = read(jsc, data, partitions, classes);
    blocks.persist(level);
    return cache(blocks, data.count(), data.features(), classes);
  }

  /**
   * {@code data} as {@code partitions} near-equal blocks, not cached: for a set passed over once
   * (the test files, scored after training), which caching would only read twice.
   */
  public static JavaRDD<ExampleBlock> read(JavaSparkContext jsc, IdxDataset data, int partitions,
      int classes) {
    if (partitions <= 0 || partitions > data.count()) {
      throw new IllegalArgumentException("partitions must lie in 1.." + data.count()
          + " (the example count), found " + partitions);
    }
    List<long[]> ranges = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      long from = data.count() * p / partitions;
      long to = data.count() * (p + 1) / partitions;
      // A block is one array of features: refused here, not as a negative size in a task.
      if ((to - from) * data.features() > Integer.MAX_VALUE - 8) {
        throw new DataException(String.format("%s: records %d..%d: %d images of %d pixels exceed"
            + " a block's %d bytes; use more partitions", data.images().path(), from, to,
            to - from, data.features(), Integer.MAX_VALUE - 8));
      }
      ranges.add(new long[] {from, to});
    }
    // Every job of a training run ships this lineage: a broadcast handle, not the configuration.
    HadoopConf conf = HadoopConf.shared(jsc);
    return jsc.parallelize(ranges, partitions)
        .map(r -> data.read(conf.get(), r[0], (int) (r[1] - r[0]), classes));
  }

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
  static void persist(JavaRDD<ExampleBlock> blocks) {
    if (blocks.getStorageLevel().equals(StorageLevel.NONE())) {
      blocks.persist(StorageLevel.MEMORY_ONLY());
    }
    if (blocks.context().isLocal()) {
      blocks.rdd().localCheckpoint();
    }
  }

  static TrainingSet cache(JavaRDD<ExampleBlock> blocks, long count, int inputs,
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
