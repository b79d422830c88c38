package dev.neuron.eval;

import dev.neuron.data.ExampleBlock;
import dev.neuron.nn.Network;
import dev.neuron.read.Chunk;
import dev.neuron.read.ChunkReader;
import dev.neuron.read.Examples;
import dev.neuron.read.ReadSpec;
import dev.neuron.read.ReaderFactory;
import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * Evaluates a model over distributed data: broadcast the weights once, score each partition in
 * chunks into one {@link Metrics}, merge the partitions' metrics in partition order
 * ({@link InPartitionOrder}: the same bits whichever task finishes first). Nothing but the
 * metrics reaches the driver.
 */
public final class SparkEvaluator {
  private SparkEvaluator() {}

  /** Over cached blocks (the end-of-training test evaluation). */
  public static Metrics evaluate(JavaSparkContext jsc, JavaRDD<ExampleBlock> blocks, Network net,
      float[] params, int topK) {
    Broadcast<float[]> bc = jsc.broadcast(params);
    try {
      return InPartitionOrder.merge(blocks.mapPartitions(new ScorePartition(bc, net, topK)),
          new Metrics(net.classes(), topK));
    } finally {
      bc.destroy();
    }
  }

  /**
   * A regression network over cached blocks; the partitions' metrics are merged on the driver in
   * partition order, so the figures do not depend on which task finished first.
   */
  public static RegressionMetrics regression(JavaSparkContext jsc, JavaRDD<ExampleBlock> blocks,
      Network net, float[] params) {
    Broadcast<float[]> bc = jsc.broadcast(params);
    try {
      RegressionMetrics all = new RegressionMetrics(net.outputSize());
      for (RegressionMetrics m : blocks.mapPartitions(new RegressPartition(bc, net)).collect()) {
        all.merge(m);
      }
      return all;
    } finally {
      bc.destroy();
    }
  }

  /** Over any input, streamed through each partition's chunk reader. */
  public static <T> Metrics evaluate(JavaSparkContext jsc, Examples<T> data, Network net,
      float[] params, int topK) {
    if (data.inputs() != net.inputSize()) {
      throw new IllegalArgumentException(data.description() + ": expected " + net.inputSize()
          + " features (the model's input), found " + data.inputs());
    }
    Broadcast<float[]> bc = jsc.broadcast(params);
    try {
      return InPartitionOrder.merge(data.partitions()
          .mapPartitionsWithIndex(new ScoreChunks<>(bc, net, topK, data.readers()), false),
          new Metrics(net.classes(), topK));
    } finally {
      bc.destroy();
    }
  }

  private static final class ScorePartition
      implements FlatMapFunction<Iterator<ExampleBlock>, Metrics> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<float[]> weights;
    private final Network net;
    private final int topK;

    ScorePartition(Broadcast<float[]> weights, Network net, int topK) {
      this.weights = weights;
      this.net = net;
      this.topK = topK;
    }

    @Override
    public Iterator<Metrics> call(Iterator<ExampleBlock> blocks) {
      Metrics m = new Metrics(net.classes(), topK);
      BlockScorer scorer = new BlockScorer(net, weights.value());
      while (blocks.hasNext()) {
        scorer.score(blocks.next(), m);
      }
      return Collections.singletonList(m).iterator();
    }
  }

  private static final class RegressPartition
      implements FlatMapFunction<Iterator<ExampleBlock>, RegressionMetrics> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<float[]> weights;
    private final Network net;

    RegressPartition(Broadcast<float[]> weights, Network net) {
      this.weights = weights;
      this.net = net;
    }

    @Override
    public Iterator<RegressionMetrics> call(Iterator<ExampleBlock> blocks) {
      RegressionMetrics m = new RegressionMetrics(net.outputSize());
      BlockScorer scorer = new BlockScorer(net, weights.value());
      while (blocks.hasNext()) {
        scorer.score(blocks.next(), m);
      }
      return Collections.singletonList(m).iterator();
    }
  }

  private static final class ScoreChunks<T>
      implements Function2<Integer, Iterator<T>, Iterator<Metrics>> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<float[]> weights;
    private final Network net;
    private final int topK;
    private final ReaderFactory<T> readers;

    ScoreChunks(Broadcast<float[]> weights, Network net, int topK, ReaderFactory<T> readers) {
      this.weights = weights;
      this.net = net;
      this.topK = topK;
      this.readers = readers;
    }

    @Override
    public Iterator<Metrics> call(Integer partition, Iterator<T> records) {
      Metrics m = new Metrics(net.classes(), topK);
      BlockScorer scorer = new BlockScorer(net, weights.value());
      ChunkReader reader = readers.open(partition, records);
      Chunk chunk = new Chunk(net.inputSize(), BlockScorer.CHUNK, ReadSpec.Ids.ROW_INDEX);
      while (reader.fill(chunk)) {
        scorer.score(chunk, m);
      }
      m.addSkipped(reader.skipped());
      return Collections.singletonList(m).iterator();
    }
  }
}
