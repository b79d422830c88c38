package dev.neuron.eval;

import dev.neuron.nn.Kernels;
import dev.neuron.nn.Network;
import dev.neuron.read.Chunk;
import dev.neuron.read.ChunkReader;
import dev.neuron.read.Examples;
import dev.neuron.read.ReadSpec;
import dev.neuron.read.ReaderFactory;
import dev.neuron.read.SkipReason;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

import static org.apache.spark.sql.functions.col;

/**
 * Predictions as a lazy DataFrame {@code (id, prediction, probability[, probabilities])}: id the
 * row index or the file, prediction the argmax class, probability its output (for a single sigmoid
 * output: classes 0 and 1 with probabilities 1 − y and y). Each partition
 * streams chunk by chunk, one forward pass per chunk, and emits rows as Spark's writer pulls them;
 * nothing is collected. Skipped records are counted in accumulators, read after the write.
 */
public final class SparkPredictor {
  private SparkPredictor() {}

  /** A lazy prediction DataFrame and its skip counters (by {@link SkipReason#ordinal()}). */
  public record Predictions(Dataset<Row> rows, Broadcast<float[]> weights,
      LongAccumulator scoredCount, List<LongAccumulator> skipped) {
    /** Rows written (valid once the rows have been written). */
    public long scored() {
      return scoredCount.value();
    }

    public long skipped(SkipReason r) {
      return skipped.get(r.ordinal()).value();
    }

    public long skippedTotal() {
      return skipped.stream().mapToLong(LongAccumulator::value).sum();
    }

    /** Frees the broadcast weights once the rows are written. */
    public void release() {
      weights.destroy();
    }

    /** For CSV, which has no arrays: {@code probabilities} spread over {@code p0 … p(n−1)}. */
    public Dataset<Row> flat(int classes) {
      if (!List.of(rows.columns()).contains("probabilities")) {
        return rows;
      }
      List<Column> cols = new ArrayList<>(List.of(col("id"), col("prediction"),
          col("probability")));
      for (int i = 0; i < classes; i++) {
        cols.add(col("probabilities").getItem(i).as("p" + i));
      }
      return rows.select(cols.toArray(new Column[0]));
    }
  }

  public static <T> Predictions predict(SparkSession spark, Examples<T> data, Network net,
      float[] params, ProbabilityOutput output) {
    if (data.inputs() != net.inputSize()) {
      throw new IllegalArgumentException(data.description() + ": expected " + net.inputSize()
          + " features (the model's input), found " + data.inputs());
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<LongAccumulator> skipped = new ArrayList<>();
    for (SkipReason r : SkipReason.values()) {
      skipped.add(jsc.sc().longAccumulator("skipped " + r.key()));
    }
    LongAccumulator scored = jsc.sc().longAccumulator("scored");
    Broadcast<float[]> bc = jsc.broadcast(params);
    JavaRDD<Row> rows = data.partitions().mapPartitionsWithIndex(
        new PredictChunks<>(bc, net, data.readers(), data.ids(), output, scored, skipped), false);
    return new Predictions(spark.createDataFrame(rows, schema(data.ids(), output)), bc, scored,
        skipped);
  }

  static StructType schema(ReadSpec.Ids ids, ProbabilityOutput output) {
    List<StructField> f = new ArrayList<>();
    f.add(DataTypes.createStructField("id", ids == ReadSpec.Ids.FILE_PATH ? DataTypes.StringType
        : DataTypes.LongType, false));
    f.add(DataTypes.createStructField("prediction", DataTypes.IntegerType, false));
    f.add(DataTypes.createStructField("probability", DataTypes.FloatType, false));
    if (output == ProbabilityOutput.ALL) {
      f.add(DataTypes.createStructField("probabilities",
          DataTypes.createArrayType(DataTypes.FloatType, false), false));
    }
    return DataTypes.createStructType(f);
  }

  private static final class PredictChunks<T>
      implements Function2<Integer, Iterator<T>, Iterator<Row>> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<float[]> weights;
    private final Network net;
    private final ReaderFactory<T> readers;
    private final ReadSpec.Ids ids;
    private final ProbabilityOutput output;
    private final LongAccumulator scored;
    private final List<LongAccumulator> skipped;

    PredictChunks(Broadcast<float[]> weights, Network net, ReaderFactory<T> readers, ReadSpec.Ids ids,
        ProbabilityOutput output, LongAccumulator scored, List<LongAccumulator> skipped) {
      this.weights = weights;
      this.net = net;
      this.readers = readers;
      this.ids = ids;
      this.output = output;
      this.scored = scored;
      this.skipped = skipped;
    }

    @Override
    public Iterator<Row> call(Integer partition, Iterator<T> records) {
      return new RowIterator(new BlockScorer(net, weights.value()),
          readers.open(partition, records), new Chunk(net.inputSize(), BlockScorer.CHUNK, ids),
          net.outputSize(), ids, output, scored, skipped);
    }
  }

  /** Emits one row per scored example, refilling and scoring the chunk when it runs out. */
  private static final class RowIterator implements Iterator<Row> {
    private final BlockScorer scorer;
    private final ChunkReader reader;
    private final Chunk chunk;
    private final int out;
    private final ReadSpec.Ids ids;
    private final ProbabilityOutput output;
    private final LongAccumulator scored;
    private final List<LongAccumulator> skipped;
    private float[] y;
    private int at;
    private boolean done;

    RowIterator(BlockScorer scorer, ChunkReader reader, Chunk chunk, int out, ReadSpec.Ids ids,
        ProbabilityOutput output, LongAccumulator scored, List<LongAccumulator> skipped) {
      this.scorer = scorer;
      this.reader = reader;
      this.chunk = chunk;
      this.out = out;
      this.ids = ids;
      this.output = output;
      this.scored = scored;
      this.skipped = skipped;
    }

    @Override
    public boolean hasNext() {
      if (done) {
        return false;
      }
      if (y != null && at < chunk.cols()) {
        return true;
      }
      if (!reader.fill(chunk)) {
        done = true;
        long[] s = reader.skipped();
        for (int i = 0; i < s.length; i++) {
          skipped.get(i).add(s[i]);
        }
        return false;
      }
      y = scorer.forward(chunk.x(), 0, chunk.cols());
      scored.add(chunk.cols());
      at = 0;
      return true;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      int j = at++;
      int c = Kernels.predictedClass(y, out, j);
      Object id = ids == ReadSpec.Ids.FILE_PATH ? chunk.names()[j] : (Object) chunk.rows()[j];
      float p = out > 1 ? y[j * out + c] : c == 1 ? y[j] : 1f - y[j];
      if (output == ProbabilityOutput.TOP) {
        return RowFactory.create(id, c, p);
      }
      float[] all = new float[Math.max(2, out)];
      if (out == 1) {
        all[0] = 1f - y[j];
        all[1] = y[j];
      } else {
        System.arraycopy(y, j * out, all, 0, out);
      }
      return RowFactory.create(id, c, p, all);
    }
  }
}
