package dev.neuron.read;

import dev.neuron.data.DataException;
import dev.neuron.data.ExampleBlock;
import dev.neuron.data.TrainingSet;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * A training set from any input the scoring jobs read (Parquet, CSV, image folders, IDX), through
 * the same chunk readers ({@link ExampleSources}), so training and evaluation decode records
 * alike:
 *
 * <pre>
 *   each source partition → its readers' chunks → one decoded run of examples (kept at the
 *   storage level) → numbered in source-partition order → cut at n·p/P → shuffled to target
 *   partition p → concatenated in order: P contiguous blocks of near-equal size, as IDX gives
 * </pre>
 *
 * The blocks, and so the bits of a run, depend on the examples' order in the source and on P,
 * not on how the source happened to be split into partitions. Invalid records fail the read or
 * are skipped and counted, as the {@link ReadSpec} says.
 */
public final class DecodedBlocks {
  private DecodedBlocks() {}

  /** The cached training set and the records the readers left out, by {@link SkipReason}. */
  public record Result(TrainingSet set, long[] skipped) {}

  public static <T> Result read(JavaSparkContext jsc, Examples<T> data, int partitions,
      int classes, StorageLevel level) {
    JavaRDD<Run> runs = data.partitions()
        .mapPartitionsWithIndex(new Decode<>(data.readers(), data.inputs()), true);
    runs.persist(level);
    try {
      List<Run> sizes = runs.map(r -> new Run(0, r.rows(), 0, null, null, r.skipped()))
          .collect();
      long[] skipped = new long[SkipReason.values().length];
      long[] starts = new long[sizes.size() + 1];
      for (int p = 0; p < sizes.size(); p++) {
        starts[p + 1] = starts[p] + sizes.get(p).rows();
        for (int i = 0; i < skipped.length; i++) {
          skipped[i] += sizes.get(p).skipped()[i];
        }
      }
      long n = starts[sizes.size()];
      if (n < partitions) {
        throw new DataException(data.description() + ": expected at least " + partitions
            + " valid examples (one per partition), found " + n);
      }
      JavaRDD<ExampleBlock> blocks = JavaPairRDD.fromJavaRDD(runs
          .mapPartitionsWithIndex(new Cut(starts, n, partitions), true))
          .partitionBy(new Identity(partitions))
          .values()
          .mapPartitions(new Join(data.inputs(), classes));
      blocks.persist(level);
      TrainingSet set = TrainingSet.cache(blocks, n, data.inputs(), classes);
      return new Result(set, skipped);
    } finally {
      runs.unpersist(false);
    }
  }

  /**
   * A source partition's examples (or a piece of them), decoded: features column-major, class
   * labels, the records the readers left out. A class, not a record: Kryo, which moves these
   * between stages, cannot read record fields.
   */
  static final class Run implements Serializable {
    private static final long serialVersionUID = 1L;
    private final long start;
    private final int rows;
    private final int inputs;
    private final float[] x;
    private final int[] labels;
    private final long[] skipped;

    Run(long start, int rows, int inputs, float[] x, int[] labels, long[] skipped) {
      this.start = start;
      this.rows = rows;
      this.inputs = inputs;
      this.x = x;
      this.labels = labels;
      this.skipped = skipped;
    }

    long start() {
      return start;
    }

    int rows() {
      return rows;
    }

    int inputs() {
      return inputs;
    }

    float[] x() {
      return x;
    }

    int[] labels() {
      return labels;
    }

    long[] skipped() {
      return skipped;
    }
  }

  private static final class Decode<T> implements Function2<Integer, Iterator<T>, Iterator<Run>> {
    private static final long serialVersionUID = 1L;
    private final ReaderFactory<T> readers;
    private final int inputs;

    Decode(ReaderFactory<T> readers, int inputs) {
      this.readers = readers;
      this.inputs = inputs;
    }

    @Override
    public Iterator<Run> call(Integer partition, Iterator<T> records) {
      ChunkReader reader = readers.open(partition, records);
      Chunk chunk = new Chunk(inputs, Chunk.DEFAULT_CAPACITY, ReadSpec.Ids.ROW_INDEX);
      float[] x = new float[inputs * Chunk.DEFAULT_CAPACITY];
      int[] labels = new int[Chunk.DEFAULT_CAPACITY];
      int n = 0;
      while (reader.fill(chunk)) {
        int c = chunk.cols();
        if ((long) (n + c) * inputs > Integer.MAX_VALUE - 8) {
          throw new DataException("partition " + partition + " holds more than 2^31 feature"
              + " values; the source needs more partitions");
        }
        if ((n + c) * inputs > x.length) {
          x = Arrays.copyOf(x, (int) Math.min(Integer.MAX_VALUE - 8,
              Math.max(2L * x.length, (long) (n + c) * inputs)));
        }
        if (n + c > labels.length) {
          labels = Arrays.copyOf(labels, Math.max(2 * labels.length, n + c));
        }
        System.arraycopy(chunk.x(), 0, x, n * inputs, c * inputs);
        System.arraycopy(chunk.labels(), 0, labels, n, c);
        n += c;
      }
      return List.of(new Run(0, n, inputs, Arrays.copyOf(x, n * inputs),
          Arrays.copyOf(labels, n), reader.skipped())).iterator();
    }
  }

  /**
   * Cuts source partition p's run, whose examples are numbered from {@code starts[p]}, where the
   * target partitions' ranges {@code [n·t/P, n·(t+1)/P)} begin.
   */
  private static final class Cut
      implements Function2<Integer, Iterator<Run>, Iterator<Tuple2<Integer, Run>>> {
    private static final long serialVersionUID = 1L;
    private final long[] starts;
    private final long n;
    private final int targets;

    Cut(long[] starts, long n, int targets) {
      this.starts = starts;
      this.n = n;
      this.targets = targets;
    }

    @Override
    public Iterator<Tuple2<Integer, Run>> call(Integer partition, Iterator<Run> runs) {
      List<Tuple2<Integer, Run>> pieces = new ArrayList<>();
      while (runs.hasNext()) {
        Run r = runs.next();
        long from = starts[partition];
        long end = from + r.rows();
        while (from < end) {
          int t = target(from);
          long to = Math.min(end, n * (t + 1) / targets);
          int a = (int) (from - starts[partition]);
          int b = (int) (to - starts[partition]);
          pieces.add(new Tuple2<>(t, new Run(from, b - a, r.inputs(),
              Arrays.copyOfRange(r.x(), a * r.inputs(), b * r.inputs()),
              Arrays.copyOfRange(r.labels(), a, b), null)));
          from = to;
        }
      }
      return pieces.iterator();
    }

    /** The target partition holding example {@code i}: the t with n·t/P ≤ i < n·(t+1)/P. */
    private int target(long i) {
      int t = (int) Math.min(targets - 1, i * targets / n);
      while (n * t / targets > i) {
        t--;
      }
      while (n * (t + 1) / targets <= i) {
        t++;
      }
      return t;
    }
  }

  /** Partition {@code key} for the integer {@code key}. */
  private static final class Identity extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int partitions;

    Identity(int partitions) {
      this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
      return partitions;
    }

    @Override
    public int getPartition(Object key) {
      return (Integer) key;
    }
  }

  /** A target partition's pieces, in example order, as one block with one-hot targets. */
  private static final class Join implements FlatMapFunction<Iterator<Run>, ExampleBlock> {
    private static final long serialVersionUID = 1L;
    private final int inputs;
    private final int classes;

    Join(int inputs, int classes) {
      this.inputs = inputs;
      this.classes = classes;
    }

    @Override
    public Iterator<ExampleBlock> call(Iterator<Run> it) {
      List<Run> pieces = new ArrayList<>();
      it.forEachRemaining(pieces::add);
      if (pieces.isEmpty()) {
        return List.<ExampleBlock>of().iterator();
      }
      pieces.sort(Comparator.comparingLong(Run::start));
      int rows = pieces.stream().mapToInt(Run::rows).sum();
      float[] x = new float[rows * inputs];
      float[] y = new float[rows * classes];
      int at = 0;
      for (Run p : pieces) {
        System.arraycopy(p.x(), 0, x, at * inputs, p.rows() * inputs);
        for (int j = 0; j < p.rows(); j++) {
          y[(at + j) * classes + p.labels()[j]] = 1f;
        }
        at += p.rows();
      }
      return List.of(new ExampleBlock(pieces.get(0).start(), rows, inputs, classes, x, y))
          .iterator();
    }
  }
}
