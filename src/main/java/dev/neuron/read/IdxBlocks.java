package dev.neuron.read;

import dev.neuron.data.DataException;
import dev.neuron.data.ExampleBlock;
import dev.neuron.data.HadoopConf;
import dev.neuron.data.TrainingSet;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * An {@link IdxDataset} as blocks: {@code partitions} near-equal contiguous ranges of records,
 * each read by an executor straight from the files ({@link IdxDataset#read}).
 */
public final class IdxBlocks {
  private IdxBlocks() {}

  /** Reads {@code data} into {@code partitions} near-equal blocks, cached in memory. */
  public static TrainingSet cached(JavaSparkContext jsc, IdxDataset data, int partitions,
      int classes) {
    return cached(jsc, data, partitions, classes, StorageLevel.MEMORY_ONLY());
  }

  /**
   * {@link #cached(JavaSparkContext, IdxDataset, int, int)} cached at {@code level}: with disk in
   * it, blocks Spark cannot keep in memory are written to the executors' local disks and read back
   * when a step needs them, instead of being recomputed from the files.
   */
  public static TrainingSet cached(JavaSparkContext jsc, IdxDataset data, int partitions,
      int classes, StorageLevel level) {
    JavaRDD<ExampleBlock> blocks = read(jsc, data, partitions, classes);
    blocks.persist(level);
    return TrainingSet.cache(blocks, data.count(), data.features(), classes);
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
}
