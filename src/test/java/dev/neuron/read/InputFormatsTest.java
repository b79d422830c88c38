package dev.neuron.read;

import dev.neuron.data.ExampleBlock;
import dev.neuron.read.ImageSets;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.neuron.Fixtures;
import dev.neuron.LocalSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every input layout decodes the same 60 MNIST test images to the IDX reader's features, bit for
 * bit, with their labels: Parquet with vector (dense and sparse), float, double and int arrays;
 * CSV with and without a header and without labels; a PNG class-folder tree; colour and resized
 * images.
 */
@ExtendWith(LocalSpark.class)
class InputFormatsTest {
  private static final int N = 60;
  private static ExampleBlock idx;

  @BeforeAll
  static void readIdx() {
    idx = Fixtures.mnist("t10k").read(new Configuration(), 0, N, 10);
  }

  private static float[] pixels(int i) {
    float[] x = new float[784];
    System.arraycopy(idx.x(), i * 784, x, 0, 784);
    return x;
  }

  private static int label(int i) {
    for (int c = 0; c < 10; c++) {
      if (idx.y()[i * 10 + c] == 1f) {
        return c;
      }
    }
    throw new IllegalStateException();
  }

  private static List<Decoded.Example> byRow(Examples<?> ex) {
    List<Decoded.Example> out = new ArrayList<>(Decoded.collect(ex));
    out.sort(Comparator.comparingLong(Decoded.Example::row));
    return out;
  }

  private static void assertSameAsIdx(List<Decoded.Example> got) {
    assertEquals(N, got.size());
    for (int i = 0; i < N; i++) {
      assertEquals(i, got.get(i).row(), "row index");
      assertEquals(label(i), got.get(i).label(), "label of row " + i);
      assertArrayEquals(pixels(i), got.get(i).x(), "features of row " + i);
    }
  }

  private static Examples<?> parquet(SparkSession spark, Path dir, DataType type,
      java.util.function.IntFunction<Object> features) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      rows.add(RowFactory.create(features.apply(i), (long) label(i)));
    }
    var schema = DataTypes.createStructType(List.of(
        DataTypes.createStructField("features", type, false),
        DataTypes.createStructField("label", DataTypes.LongType, false)));
    String path = dir.resolve("t.parquet").toString();
    spark.createDataFrame(rows, schema).coalesce(1).write().parquet(path);
    return ExampleSources.open(spark, path, ReadSpec.of(InputFormat.PARQUET), 784, 10,
        ReadSpec.Labels.REQUIRED);
  }

  @Test
  void parquetFloatArrays(SparkSession spark, @TempDir Path dir) {
    assertSameAsIdx(byRow(parquet(spark, dir, DataTypes.createArrayType(DataTypes.FloatType,
        false), InputFormatsTest::pixels)));
  }

  @Test
  void parquetBinaryPixelRows(SparkSession spark, @TempDir Path dir) {
    String out = dir.resolve("bytes").toString();
    ImageSets.write(spark, Fixtures.mnist("t10k"), N, 1, ImageSets.Layout.PARQUET_BYTES, out, 1);
    assertSameAsIdx(byRow(ExampleSources.open(spark, out, ReadSpec.of(InputFormat.PARQUET), 784,
        10, ReadSpec.Labels.REQUIRED)));
  }

  @Test
  void parquetIntArraysAreDividedBy255(SparkSession spark, @TempDir Path dir) {
    assertSameAsIdx(byRow(parquet(spark, dir, DataTypes.createArrayType(DataTypes.IntegerType),
        i -> {
          int[] v = new int[784];
          for (int k = 0; k < 784; k++) {
            v[k] = Math.round(pixels(i)[k] * 255);
          }
          return v;
        })));
  }

  @Test
  void parquetDoubleArrays(SparkSession spark, @TempDir Path dir) {
    assertSameAsIdx(byRow(parquet(spark, dir, DataTypes.createArrayType(DataTypes.DoubleType),
        i -> {
          double[] v = new double[784];
          for (int k = 0; k < 784; k++) {
            v[k] = pixels(i)[k];
          }
          return v;
        })));
  }

  @Test
  void parquetMlVectorsDenseAndSparse(SparkSession spark, @TempDir Path dir) {
    assertSameAsIdx(byRow(parquet(spark, dir, SQLDataTypes.VectorType(), i -> {
      double[] v = new double[784];
      for (int k = 0; k < 784; k++) {
        v[k] = pixels(i)[k];
      }
      return i % 2 == 0 ? Vectors.dense(v) : Vectors.dense(v).toSparse();
    })));
  }

  @Test
  void csvWithHeaderAndWithout(SparkSession spark, @TempDir Path dir) throws Exception {
    StringBuilder header = new StringBuilder("label");
    for (int k = 0; k < 784; k++) {
      header.append(",pixel").append(k);
    }
    for (boolean withHeader : new boolean[] {true, false}) {
      StringBuilder csv = new StringBuilder(withHeader ? header + "\n" : "");
      for (int i = 0; i < N; i++) {
        csv.append(label(i));
        for (float p : pixels(i)) {
          csv.append(',').append(Math.round(p * 255));
        }
        csv.append(i % 3 == 0 ? "\r\n" : "\n");
      }
      Path file = dir.resolve("mnist-" + withHeader + ".csv");
      Files.writeString(file, csv, StandardCharsets.US_ASCII);
      assertSameAsIdx(byRow(ExampleSources.open(spark, file.toString(),
          ReadSpec.of(InputFormat.CSV), 784, 10, ReadSpec.Labels.REQUIRED)));
    }
  }

  @Test
  void csvWithoutLabelsForPrediction(SparkSession spark, @TempDir Path dir) throws Exception {
    StringBuilder csv = new StringBuilder();
    for (int i = 0; i < N; i++) {
      StringBuilder line = new StringBuilder();
      for (float p : pixels(i)) {
        line.append(line.length() == 0 ? "" : ",").append(Math.round(p * 255));
      }
      csv.append(line).append('\n');
    }
    Path file = dir.resolve("unlabelled.csv");
    Files.writeString(file, csv, StandardCharsets.US_ASCII);
    List<Decoded.Example> got = byRow(ExampleSources.open(spark, file.toString(),
        ReadSpec.of(InputFormat.CSV), 784, 10, ReadSpec.Labels.OPTIONAL));
    assertEquals(N, got.size());
    for (int i = 0; i < N; i++) {
      assertEquals(-1, got.get(i).label());
      assertArrayEquals(pixels(i), got.get(i).x());
    }
  }

  @Test
  void pngFoldersGiveLabelsFromTheParentFolder(SparkSession spark, @TempDir Path dir) {
    String out = dir.resolve("png").toString();
    ImageSets.write(spark, Fixtures.mnist("t10k"), N, 1, ImageSets.Layout.PNG, out, 2);
    Examples<?> ex = ExampleSources.open(spark, out, ReadSpec.of(InputFormat.IMAGES), 784, 10,
        ReadSpec.Labels.REQUIRED);
    assertEquals(ReadSpec.Ids.FILE_PATH, ex.ids());
    List<Decoded.Example> got = new ArrayList<>(Decoded.collect(ex));
    assertEquals(N, got.size());
    for (Decoded.Example e : got) {
      String name = e.name().substring(e.name().lastIndexOf('/') + 1);
      int i = Integer.parseInt(name.substring(0, name.indexOf('.')));
      assertEquals(label(i), e.label(), e.name());
      assertEquals(-1, e.row());
      assertArrayEquals(pixels(i), e.x(), e.name());
    }
  }

  @Test
  void colourImagesBecomeGreyAndOtherSizesAreResized(SparkSession spark, @TempDir Path dir)
      throws Exception {
    Path seven = Files.createDirectories(dir.resolve("imgs/7"));
    java.awt.image.BufferedImage rgb = new java.awt.image.BufferedImage(28, 28,
        java.awt.image.BufferedImage.TYPE_INT_RGB);
    rgb.setRGB(3, 4, 0x808080);
    javax.imageio.ImageIO.write(rgb, "png", seven.resolve("rgb.png").toFile());
    java.awt.image.BufferedImage big = new java.awt.image.BufferedImage(56, 56,
        java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 56; y++) {
      for (int x = 0; x < 56; x++) {
        big.getRaster().setSample(x, y, 0, 200);
      }
    }
    javax.imageio.ImageIO.write(big, "png", seven.resolve("big.png").toFile());
    List<Decoded.Example> got = Decoded.collect(ExampleSources.open(spark,
        dir.resolve("imgs").toString(), ReadSpec.of(InputFormat.IMAGES)
            .withSizes(ReadSpec.Sizes.RESIZE), 784, 10, ReadSpec.Labels.REQUIRED));
    assertEquals(2, got.size());
    for (Decoded.Example e : got) {
      assertEquals(7, e.label());
      if (e.name().endsWith("rgb.png")) {
        assertEquals(128f / 255f, e.x()[4 * 28 + 3], 1e-5f);
        assertEquals(0f, e.x()[0]);
      } else {
        for (float v : e.x()) {
          assertEquals(200f / 255f, v, 1e-5f);
        }
      }
    }
  }

  @Test
  void idxNumbersRecordsAndInfersItsFormat(SparkSession spark) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    assertEquals(InputFormat.IDX, ExampleSources.infer(conf, Fixtures.MNIST.toString()));
    assertEquals(InputFormat.CSV, ExampleSources.infer(conf, "x/y.csv"));
    Examples<?> ex = ExampleSources.open(spark, Fixtures.MNIST.resolve("t10k").toString(),
        ReadSpec.of(InputFormat.IDX), 784, 10, ReadSpec.Labels.REQUIRED);
    List<Decoded.Example> got = byRow(ex);
    assertEquals(10_000, got.size());
    assertSameAsIdx(got.subList(0, N));
    assertNull(got.get(0).name());
  }
}
