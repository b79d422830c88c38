package dev.neuron.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.Fixtures;
import dev.neuron.LocalSpark;
import dev.neuron.data.DataException;
import dev.neuron.data.ExampleBlock;
import dev.neuron.nn.Activation;
import dev.neuron.nn.Initializer;
import dev.neuron.nn.Network;
import dev.neuron.optim.RmsProp;
import dev.neuron.train.SparkTrainer;
import dev.neuron.train.TrainOptions;
import dev.neuron.train.TrainingListener;
import dev.neuron.data.TrainingSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Training blocks decoded by the scoring readers: the first 500 MNIST test images as a table of
 * binary pixel rows, in 1, 2 or 3 source partitions, give the IDX reader's blocks bit for bit
 * (same cut at n·p/P, same features, one-hot labels), and so the same trained weights.
 */
@ExtendWith(LocalSpark.class)
class DecodedBlocksTest {
  private static final int N = 500;
  private static final int P = 2;
  private static final StructType SCHEMA = DataTypes.createStructType(List.of(
      DataTypes.createStructField("features", DataTypes.BinaryType, false),
      DataTypes.createStructField("label", DataTypes.IntegerType, true)));

  private static List<Row> rows(IdxDataset idx) {
    ExampleBlock b = idx.read(new Configuration(), 0, N, 10);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      byte[] px = new byte[784];
      for (int k = 0; k < 784; k++) {
        px[k] = (byte) Math.round(b.x()[i * 784 + k] * 255f);
      }
      int label = 0;
      while (b.y()[i * 10 + label] != 1f) {
        label++;
      }
      rows.add(RowFactory.create(px, label));
    }
    return rows;
  }

  private static Examples<?> table(SparkSession spark, List<Row> rows, int sourcePartitions,
      ReadSpec spec) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return ExampleSources.table(spark.createDataFrame(jsc.parallelize(rows, sourcePartitions),
        SCHEMA), spec, 784, 10, ReadSpec.Labels.REQUIRED, "table", false);
  }

  private static List<ExampleBlock> blocks(TrainingSet set) {
    List<ExampleBlock> b = new ArrayList<>(set.blocks().collect());
    b.sort(Comparator.comparingLong(ExampleBlock::start));
    return b;
  }

  @Test
  void anySourcePartitioningGivesTheIdxBlocksAndWeights(SparkSession spark) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    IdxDataset idx = Fixtures.mnist("t10k");
    // The IDX reader's blocks of the first N examples, cut at N·p/P as fromIdx cuts.
    List<ExampleBlock> expected = List.of(idx.read(new Configuration(), 0, N / 2, 10),
        idx.read(new Configuration(), N / 2, N - N / 2, 10));
    TrainingSet fromIdx = TrainingSet.fromBlocks(jsc, expected);
    Network net = Network.input(784).dense(16, Activation.RELU).dense(10, Activation.SOFTMAX)
        .build();
    TrainOptions opt = new TrainOptions(1, 32, RmsProp.defaults(), Initializer.GLOROT_UNIFORM,
        3L);
    float[] idxWeights = new SparkTrainer(jsc).fit(fromIdx, net, opt, TrainingListener.NONE)
        .params();
    fromIdx.release();
    List<Row> rows = rows(idx);
    ReadSpec spec = ReadSpec.of(InputFormat.PARQUET);
    for (int sources = 1; sources <= 3; sources++) {
      DecodedBlocks.Result r = DecodedBlocks.read(jsc, table(spark, rows, sources, spec), P, 10,
          StorageLevel.MEMORY_AND_DISK());
      assertEquals(N, r.set().count());
      List<ExampleBlock> got = blocks(r.set());
      assertEquals(P, got.size());
      for (int p = 0; p < P; p++) {
        assertEquals(expected.get(p).start(), got.get(p).start(), sources + " sources");
        assertArrayEquals(expected.get(p).x(), got.get(p).x(), sources + " sources, block " + p);
        assertArrayEquals(expected.get(p).y(), got.get(p).y(), sources + " sources, block " + p);
      }
      float[] w = new SparkTrainer(jsc).fit(r.set(), net, opt, TrainingListener.NONE).params();
      assertArrayEquals(idxWeights, w, sources + " sources: the IDX run's weights, bit for bit");
      r.set().release();
    }
  }

  @Test
  void invalidRecordsFailNamingThemOrAreSkippedAndCounted(SparkSession spark) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Row> rows = rows(Fixtures.mnist("t10k")).subList(0, 40);
    List<Row> bad = new ArrayList<>(rows);
    bad.set(7, RowFactory.create(new byte[783], 1));
    bad.set(20, RowFactory.create(rows.get(20).get(0), 12));
    ReadSpec fail = ReadSpec.of(InputFormat.PARQUET);
    Exception e = assertThrows(Exception.class, () -> DecodedBlocks.read(jsc,
        table(spark, bad, 2, fail), P, 10, StorageLevel.MEMORY_ONLY()));
    String all = messages(e);
    assertTrue(all.contains("table: row 7, field features: expected 784 values")
        || all.contains("table: row 20, field label: expected a class in 0..9"), all);
    DecodedBlocks.Result r = DecodedBlocks.read(jsc, table(spark, bad, 2,
        fail.withInvalid(ReadSpec.Invalid.SKIP)), P, 10, StorageLevel.MEMORY_ONLY());
    assertEquals(38, r.set().count());
    assertEquals(1, r.skipped()[SkipReason.ROW_WIDTH.ordinal()]);
    assertEquals(1, r.skipped()[SkipReason.LABEL_OUT_OF_RANGE.ordinal()]);
    r.set().release();
    assertThrows(DataException.class, () -> DecodedBlocks.read(jsc,
        table(spark, rows.subList(0, 1), 1, fail), P, 10, StorageLevel.MEMORY_ONLY()));
  }

  private static String messages(Throwable t) {
    StringBuilder s = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      s.append(c.getMessage()).append(" | ");
    }
    return s.toString();
  }
}
