package dev.neuron.eval;

import dev.neuron.data.ExampleBlock;
import dev.neuron.nn.Network;
import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/** Evaluates a model over an RDD of blocks: broadcast once, score per partition, merge. */
public final class SparkEvaluator {
  private SparkEvaluator() {}

  public static Metrics evaluate(JavaSparkContext jsc, JavaRDD<ExampleBlock> blocks, Network net,
      float[] params, int topK) {
    Broadcast<float[]> bc = jsc.broadcast(params);
    try {
      return blocks.mapPartitions(new ScorePartition(bc, net, topK)).reduce(Metrics::merge);
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
      Metrics m = new Metrics(net.outputSize(), topK);
      BlockScorer scorer = new BlockScorer(net, weights.value());
      while (blocks.hasNext()) {
        scorer.score(blocks.next(), m);
      }
      return Collections.singletonList(m).iterator();
    }
  }
}
