package dev.neuron.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function2;

/**
 * Turns an RDD of at most one block per partition, whatever their {@code start}s, into a cached
 * {@link TrainingSet} whose examples are numbered {@code 0 … n−1} in partition order, which
 * {@code train.EpochOrder} needs. One job counts the rows per partition; a second materializes the
 * renumbered blocks, which share the input blocks' arrays. The input is read twice, so it should
 * be cheap to recompute or cached.
 */
public final class Renumber {
  private Renumber() {}

  public static TrainingSet toTrainingSet(JavaRDD<ExampleBlock> blocks, int inputs, int outputs) {
    List<Long> rows = blocks.mapPartitions(new CountRows()).collect();
    long[] starts = new long[rows.size() + 1];
    for (int p = 0; p < rows.size(); p++) {
      starts[p + 1] = starts[p] + rows.get(p);
    }
    long count = starts[rows.size()];
    if (count == 0) {
      throw new IllegalArgumentException("a training set needs at least one example, found 0");
    }
    JavaRDD<ExampleBlock> renumbered = blocks.mapPartitionsWithIndex(new Restart(starts), true);
    TrainingSet.persist(renumbered);
    renumbered.count();
    return new TrainingSet(renumbered, count, inputs, outputs);
  }

  private static final class CountRows implements FlatMapFunction<Iterator<ExampleBlock>, Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<Long> call(Iterator<ExampleBlock> it) {
      long n = 0;
      int blocks = 0;
      while (it.hasNext()) {
        n += it.next().rows();
        blocks++;
      }
      if (blocks > 1) {
        throw new IllegalStateException("expected at most one block per partition, found "
            + blocks);
      }
      return Collections.singletonList(n).iterator();
    }
  }

  private static final class Restart
      implements Function2<Integer, Iterator<ExampleBlock>, Iterator<ExampleBlock>> {
    private static final long serialVersionUID = 1L;
    private final long[] starts;

    Restart(long[] starts) {
      this.starts = starts;
    }

    @Override
    public Iterator<ExampleBlock> call(Integer partition, Iterator<ExampleBlock> it) {
      List<ExampleBlock> out = new ArrayList<>(1);
      while (it.hasNext()) {
        ExampleBlock b = it.next();
        out.add(b.startingAt(starts[partition]));
      }
      return out.iterator();
    }
  }
}
