package dev.neuron.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.Fixtures;
import dev.neuron.LocalSpark;
import dev.neuron.data.DataException;
import dev.neuron.eval.Metrics;
import dev.neuron.eval.SparkEvaluator;
import dev.neuron.nn.Activation;
import dev.neuron.nn.Network;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of bad record fails the read with a message naming the file or row and the field, and
 * with {@link ReadSpec.Invalid#SKIP} is left out and counted under its reason.
 */
@ExtendWith(LocalSpark.class)
class BadInputTest {
  private static final Network NET = Network.input(784).dense(10, Activation.SOFTMAX).build();

  /** The message of the {@link DataException} behind a failed Spark job. */
  private static String failure(Examples<?> ex) {
    Exception e = assertThrows(Exception.class, () -> Decoded.collect(ex));
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DataException) {
        return t.getMessage();
      }
    }
    throw new AssertionError("no DataException behind " + e, e);
  }

  private static Metrics skipping(JavaSparkContext jsc, SparkSession spark, String path,
      InputFormat format) {
    Examples<?> ex = ExampleSources.open(spark, path, ReadSpec.of(format)
        .withInvalid(ReadSpec.Invalid.SKIP), 784, 10, ReadSpec.Labels.REQUIRED);
    return SparkEvaluator.evaluate(jsc, ex, NET, new float[NET.paramCount()], 5);
  }

  private static void png(Path file, int size) throws Exception {
    Files.createDirectories(file.getParent());
    ImageIO.write(new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY), "png",
        file.toFile());
  }

  @Test
  void images(SparkSession spark, JavaSparkContext jsc, @TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("all");
    png(dir.resolve("3/good.png"), 28);
    Files.createDirectories(dir.resolve("4"));
    Files.write(dir.resolve("4/bad.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
    png(dir.resolve("5/big.png"), 32);
    png(dir.resolve("12/far.png"), 28);
    png(dir.resolve("cats/none.png"), 28);
    String root = dir.toString();

    for (String[] c : new String[][] {
        {"4/bad.png", "4/bad.png, field image: not a readable image"},
        {"5/big.png", "5/big.png, field image: expected 28×28 (the model's input), found 32×32;"
            + " pass --resize to resample"},
        {"12/far.png", "12/far.png, field label (folder): expected a class in 0..9 (the model's"
            + " outputs), found folder 12"},
        {"cats/none.png", "cats/none.png, field label: expected a label, found none"}}) {
      Path only = tmp.resolve("only-" + c[0].replace('/', '-'));
      Files.createDirectories(only.resolve(c[0]).getParent());
      Files.copy(dir.resolve(c[0]), only.resolve(c[0]));
      Files.copy(dir.resolve("3/good.png"), Files.createDirectories(only.resolve("3"))
          .resolve("good.png"));
      String msg = failure(ExampleSources.open(spark, only.toString(),
          ReadSpec.of(InputFormat.IMAGES), 784, 10, ReadSpec.Labels.REQUIRED));
      assertTrue(msg.contains(c[1]), msg);
    }

    Metrics m = skipping(jsc, spark, root, InputFormat.IMAGES);
    assertEquals(1, m.count());
    assertEquals(1, m.skipped(SkipReason.CORRUPT_IMAGE));
    assertEquals(1, m.skipped(SkipReason.IMAGE_SIZE));
    assertEquals(1, m.skipped(SkipReason.LABEL_OUT_OF_RANGE));
    assertEquals(1, m.skipped(SkipReason.MISSING_LABEL));
  }

  /** A PNG whose header declares {@code w × h} grey pixels, with a few bytes of image data. */
  static byte[] pngHeaderOnly(int w, int h) {
    java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13).putInt(w).putInt(h)
        .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    chunk(out, "IHDR", ihdr.array());
    chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x63, 0, 0, 0, 1, 0, 1});
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  /** Appends a PNG chunk: length, type, data, CRC. */
  static void chunk(java.io.ByteArrayOutputStream out, String type, byte[] data) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    crc.update(t);
    crc.update(data);
    out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(t);
    out.writeBytes(data);
    out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  /** A 28×28 image of noise (so it does not compress away) in {@code format}. */
  private static byte[] noise(String format) throws Exception {
    BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_3BYTE_BGR);
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
    for (int y = 0; y < 28; y++) {
      for (int x = 0; x < 28; x++) {
        img.setRGB(x, y, rnd.nextInt(1 << 24));
      }
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    assertTrue(ImageIO.write(img, format, out));
    return out.toByteArray();
  }

  @Test
  void emptyTruncatedForeignAndHugeImageFiles(SparkSession spark, JavaSparkContext jsc,
      @TempDir Path tmp) throws Exception {
    byte[] png = noise("png");
    byte[] jpeg = noise("jpeg");
    Object[][] cases = {
        {"empty.png", new byte[0], SkipReason.NOT_AN_IMAGE, "an empty file (0 bytes)"},
        {"notes.txt", "not an image\n".getBytes(StandardCharsets.US_ASCII),
            SkipReason.NOT_AN_IMAGE, "neither a PNG nor a JPEG signature"},
        {"cut.png", java.util.Arrays.copyOf(png, png.length / 2), SkipReason.CORRUPT_IMAGE,
            "not a readable image"},
        {"cut.jpg", java.util.Arrays.copyOf(jpeg, jpeg.length / 2), SkipReason.CORRUPT_IMAGE,
            "not a readable image"},
        {"bomb.png", pngHeaderOnly(100_000, 100_000), SkipReason.IMAGE_TOO_LARGE,
            "expected at most 33554432 pixels, the header declares 100000×100000"}};
    Path all = tmp.resolve("all/3");
    Files.createDirectories(all);
    png(all.resolve("good.png"), 28);
    for (Object[] c : cases) {
      Files.write(all.resolve((String) c[0]), (byte[]) c[1]);
      // The executor's reader itself, without a Spark job per case (each would fail 4 times).
      ChunkReader reader = new ImageChunkReader(new org.apache.hadoop.conf.Configuration(),
          List.of(all.toUri().toString().replaceAll("/$", "") + ImageFiles.SEP + c[0])
              .iterator(),
          new ImageRead(ImageShape.of(784), 10, 255f, ReadSpec.Sizes.EXACT, ReadSpec.Invalid.FAIL,
              ReadSpec.Labels.REQUIRED));
      String msg = assertThrows(DataException.class,
          () -> reader.fill(new Chunk(784, 4, ReadSpec.Ids.ROW_INDEX))).getMessage();
      assertTrue(msg.contains("3/" + c[0] + ", field image: ") && msg.contains((String) c[3]),
          msg);
    }
    // Listed as a file by its name (no stat), then found to be a folder by the reader.
    Files.createDirectories(all.resolve("folder.png"));
    Metrics m = skipping(jsc, spark, all.getParent().toString(), InputFormat.IMAGES);
    assertEquals(1, m.count());
    assertEquals(3, m.skipped(SkipReason.NOT_AN_IMAGE));
    assertEquals(2, m.skipped(SkipReason.CORRUPT_IMAGE));
    assertEquals(1, m.skipped(SkipReason.IMAGE_TOO_LARGE));
  }

  private static String csvLine(int label, int pixels, String at3) {
    StringBuilder s = new StringBuilder(label < 0 ? "" : Integer.toString(label));
    for (int k = 0; k < pixels; k++) {
      s.append(s.length() == 0 ? "" : ",").append(k == 3 ? at3 : "0");
    }
    return s.append('\n').toString();
  }

  @Test
  void csv(SparkSession spark, JavaSparkContext jsc, @TempDir Path dir) throws Exception {
    String[][] cases = {
        {csvLine(1, 700, "0"), "row 1, field line: expected 785 fields (label and 784 pixels) or"
            + " 784 (pixels alone), found 701"},
        {csvLine(11, 784, "0"), "row 1, field label: expected a class in 0..9 (the model's"
            + " outputs), found 11"},
        {csvLine(2, 784, "NaN"), "row 1, field pixel3: expected a finite number, found NaN"},
        {csvLine(2, 784, "abc"), "row 1, field pixel3: expected a number, found 'abc'"}};
    StringBuilder all = new StringBuilder(csvLine(5, 784, "7"));
    for (int i = 0; i < cases.length; i++) {
      Path f = dir.resolve("case" + i + ".csv");
      Files.writeString(f, csvLine(5, 784, "7") + cases[i][0], StandardCharsets.US_ASCII);
      String msg = failure(ExampleSources.open(spark, f.toString(), ReadSpec.of(InputFormat.CSV),
          784, 10, ReadSpec.Labels.REQUIRED));
      assertTrue(msg.startsWith(f.toUri().toString().replace("file:///", "file:/"))
          || msg.contains(f.toString()), msg);
      assertTrue(msg.contains(cases[i][1]), msg);
      all.append(cases[i][0]);
    }
    Path f = dir.resolve("all.csv");
    Files.writeString(f, all, StandardCharsets.US_ASCII);
    Metrics m = skipping(jsc, spark, f.toString(), InputFormat.CSV);
    assertEquals(1, m.count());
    assertEquals(1, m.skipped(SkipReason.ROW_WIDTH));
    assertEquals(1, m.skipped(SkipReason.LABEL_OUT_OF_RANGE));
    assertEquals(1, m.skipped(SkipReason.NOT_FINITE));
    assertEquals(1, m.skipped(SkipReason.NOT_A_NUMBER));
  }

  /**
   * A line longer than any record can be (here 2 MB of digits with no comma or line break) is
   * cut by the reader and refused by its length, not held whole and then counted by its fields.
   */
  @Test
  void anOverlongCsvLineIsRefusedByItsLength(SparkSession spark, JavaSparkContext jsc,
      @TempDir Path dir) throws Exception {
    Path f = dir.resolve("long.csv");
    Files.writeString(f, csvLine(5, 784, "7") + "1".repeat(2_000_000) + "\n"
        + csvLine(6, 784, "7"), StandardCharsets.US_ASCII);
    String msg = failure(ExampleSources.open(spark, f.toString(), ReadSpec.of(InputFormat.CSV),
        784, 10, ReadSpec.Labels.REQUIRED));
    assertTrue(msg.contains("row 1, field line: expected at most " + CsvDecoder.maxLineBytes(784)
        + " bytes (a label and 784 numbers), found a longer line"), msg);
    Metrics m = skipping(jsc, spark, f.toString(), InputFormat.CSV);
    assertEquals(2, m.count(), "the lines on either side are read as usual");
    assertEquals(1, m.skipped(SkipReason.ROW_WIDTH));
  }

  @Test
  void parquet(SparkSession spark, JavaSparkContext jsc, @TempDir Path dir) {
    float[] ok = new float[784];
    float[] nan = new float[784];
    nan[5] = Float.NaN;
    List<Row> rows = new ArrayList<>(List.of(
        RowFactory.create(ok, 1),
        RowFactory.create(new float[783], 2),
        RowFactory.create(ok, 10),
        RowFactory.create(nan, 3)));
    var schema = DataTypes.createStructType(List.of(
        DataTypes.createStructField("features", DataTypes.createArrayType(DataTypes.FloatType,
            false), false),
        DataTypes.createStructField("label", DataTypes.IntegerType, false)));
    String path = dir.resolve("bad.parquet").toString();
    spark.createDataFrame(rows, schema).coalesce(1).write().parquet(path);
    String[] expected = {
        "row 1, field features: expected 784 values (the model's input), found 783"};
    String msg = failure(ExampleSources.open(spark, path, ReadSpec.of(InputFormat.PARQUET), 784,
        10, ReadSpec.Labels.REQUIRED));
    assertTrue(msg.contains("bad.parquet/part-") && msg.contains(expected[0]), msg);

    Metrics m = skipping(jsc, spark, path, InputFormat.PARQUET);
    assertEquals(1, m.count());
    assertEquals(1, m.skipped(SkipReason.ROW_WIDTH));
    assertEquals(1, m.skipped(SkipReason.LABEL_OUT_OF_RANGE));
    assertEquals(1, m.skipped(SkipReason.NOT_FINITE));

    String labels = dir.resolve("labels.parquet").toString();
    spark.createDataFrame(List.of(RowFactory.create(ok, 1), RowFactory.create(ok, 10)), schema)
        .coalesce(1).write().parquet(labels);
    msg = failure(ExampleSources.open(spark, labels, ReadSpec.of(InputFormat.PARQUET), 784, 10,
        ReadSpec.Labels.REQUIRED));
    assertTrue(msg.contains("row 1, field label: expected a class in 0..9 (the model's outputs),"
        + " found 10"), msg);

    String nans = dir.resolve("nan.parquet").toString();
    spark.createDataFrame(List.of(RowFactory.create(nan, 1)), schema).coalesce(1).write()
        .parquet(nans);
    msg = failure(ExampleSources.open(spark, nans, ReadSpec.of(InputFormat.PARQUET), 784, 10,
        ReadSpec.Labels.REQUIRED));
    assertTrue(msg.contains("row 0, field features[5]: expected a finite number, found NaN"), msg);
  }

  @Test
  void idxLabelOutsideTheModelsClasses(SparkSession spark) {
    Examples<?> ex = ExampleSources.open(spark, Fixtures.MNIST.resolve("t10k").toString(),
        ReadSpec.of(InputFormat.IDX), 784, 7, ReadSpec.Labels.REQUIRED);
    String msg = failure(ex);
    assertTrue(msg.matches(".*t10k-labels-idx1-ubyte: record \\d+, field label: expected a class"
        + " in 0\\.\\.6 \\(the model's outputs\\), found [789]"), msg);
  }
}
