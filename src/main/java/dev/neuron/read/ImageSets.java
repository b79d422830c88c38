package dev.neuron.read;

import dev.neuron.data.DataException;
import dev.neuron.data.HadoopConf;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes large labelled image sets built from an IDX source (the MNIST test set): image {@code i}
 * is source image {@code i mod count}, unchanged in the first pass and {@link Perturbation
 * perturbed} after it. Executors generate their own index ranges; nothing passes the driver.
 * Layouts: PNG or JPEG files {@code <label>/<i>.png|jpg} (any size, grey or coloured: {@link
 * ImageFileWriter}), Parquet rows {@code (label int, features array<float> = pixel/255)} or
 * {@code (label int, features binary = the pixel bytes)} (compact, and far faster to decode than a
 * Parquet list), or CSV lines {@code label,pixel0,…} with raw pixels.
 */
public final class ImageSets {
  /** The generated layouts. */
  public enum Layout {
    PNG, JPEG, PARQUET, PARQUET_BYTES, CSV;

    public static Layout fromKey(String key) {
      try {
        return valueOf(key.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--format: expected png, jpeg, parquet, parquet-bytes"
            + " or csv, found '" + key + "'");
      }
    }
  }

  static final StructType PARQUET_SCHEMA = DataTypes.createStructType(List.of(
      DataTypes.createStructField("label", DataTypes.IntegerType, false),
      DataTypes.createStructField("features",
          DataTypes.createArrayType(DataTypes.FloatType, false), false)));

  static final StructType BYTES_SCHEMA = DataTypes.createStructType(List.of(
      DataTypes.createStructField("label", DataTypes.IntegerType, false),
      DataTypes.createStructField("features", DataTypes.BinaryType, false)));

  private ImageSets() {}

  /**
   * How image files look: {@code side × side} (0: the source's size, 28), colour or grey; the
   * layout's encoding (PNG, JPEG). Table and CSV layouts are always the source's grey pixels.
   */
  public record Look(int side, boolean colour, boolean jpeg) implements java.io.Serializable {}

  /** Writes {@code n} images into the (existing, empty) directory {@code dir}. */
  public static void write(SparkSession spark, IdxDataset source, long n, long seed, Layout layout,
      String dir, int partitions) {
    write(spark, source, n, seed, layout, dir, partitions, 0, false);
  }

  /** As above; image files {@code side × side} (0: the source's) and coloured or grey. */
  public static void write(SparkSession spark, IdxDataset source, long n, long seed, Layout layout,
      String dir, int partitions, int side, boolean colour) {
    if (source.count() * source.features() > Integer.MAX_VALUE - 8) {
      throw new DataException(String.format("%s: %d source images of %d pixels: the generator"
          + " holds them in one array of at most %d bytes; use a smaller source",
          source.images().path(), source.count(), source.features(), Integer.MAX_VALUE - 8));
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<long[]> ranges = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      ranges.add(new long[] {n * p / partitions, n * (p + 1) / partitions});
    }
    JavaRDD<long[]> parts = jsc.parallelize(ranges, partitions);
    Generator gen = new Generator(source, new HadoopConf(jsc.hadoopConfiguration()), seed, dir,
        new Look(side, colour, layout == Layout.JPEG));
    switch (layout) {
      case PNG, JPEG -> parts.foreach(gen::writeImages);
      case CSV -> parts.foreach(gen::writeCsv);
      case PARQUET -> spark.createDataFrame(parts.flatMap(new ParquetRows(gen, false)),
          PARQUET_SCHEMA).write().mode(SaveMode.Append).parquet(dir);
      case PARQUET_BYTES -> spark.createDataFrame(parts.flatMap(new ParquetRows(gen, true)),
          BYTES_SCHEMA).write().mode(SaveMode.Append).parquet(dir);
    }
  }

  /** Executor-side: the source images, read once per task, and the perturbation. */
  static final class Generator implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final IdxDataset source;
    private final HadoopConf conf;
    private final long seed;
    private final String dir;
    private final Look look;

    Generator(IdxDataset source, HadoopConf conf, long seed, String dir, Look look) {
      this.source = source;
      this.conf = conf;
      this.seed = seed;
      this.dir = dir;
      this.look = look;
    }

    /** Source pixels, then labels, for all source images. */
    byte[][] load() {
      int count = (int) source.count();
      byte[] pixels = new byte[count * source.features()];
      byte[] labels = new byte[count];
      source.images().readRecords(conf.get(), 0, count, pixels);
      source.labels().readRecords(conf.get(), 0, count, labels);
      return new byte[][] {pixels, labels};
    }

    /** Image {@code i} into {@code dst}; returns its label. */
    int image(byte[][] src, long i, byte[] dst) {
      int count = src[1].length;
      int s = (int) (i % count);
      int size = source.features();
      if (i < count) {
        System.arraycopy(src[0], s * size, dst, 0, size);
      } else {
        Perturbation.apply(src[0], s * size, source.images().rows(), source.images().cols(), seed,
            i, dst);
      }
      return src[1][s] & 0xff;
    }

    void writeImages(long[] range) throws IOException {
      byte[][] src = load();
      int rows = source.images().rows();
      int cols = source.images().cols();
      byte[] px = new byte[rows * cols];
      FileSystem fs = new Path(dir).getFileSystem(conf.get());
      // No .crc sidecar per image on the local file system (HDFS checksums are unaffected).
      fs.setWriteChecksum(false);
      boolean jpeg = look.jpeg();
      ImageFileWriter out = new ImageFileWriter(fs, look.side() > 0 ? look.side() : rows,
          look.colour(), jpeg);
      try {
        for (long i = range[0]; i < range[1]; i++) {
          int label = image(src, i, px);
          out.write(px, rows, cols, i, new Path(dir, label + "/"
              + String.format(jpeg ? "%08d.jpg" : "%08d.png", i)));
        }
      } finally {
        out.close();
      }
    }

    void writeCsv(long[] range) throws IOException {
      byte[][] src = load();
      byte[] px = new byte[source.features()];
      Path file = new Path(dir, String.format("part-%012d.csv", range[0]));
      try (OutputStream out = file.getFileSystem(conf.get()).create(file, false)) {
        StringBuilder line = new StringBuilder();
        for (long i = range[0]; i < range[1]; i++) {
          line.setLength(0);
          line.append(image(src, i, px));
          for (byte b : px) {
            line.append(',').append(b & 0xff);
          }
          out.write(line.append('\n').toString().getBytes(StandardCharsets.US_ASCII));
        }
      }
    }
  }

  /**
   * Streams a range's Parquet rows: label and pixel/255 (IDX's scaling, bit for bit), or label and
   * the raw pixel bytes ({@code bytes}).
   */
  private static final class ParquetRows implements FlatMapFunction<long[], Row> {
    private static final long serialVersionUID = 1L;
    private final Generator gen;
    private final boolean bytes;

    ParquetRows(Generator gen, boolean bytes) {
      this.gen = gen;
      this.bytes = bytes;
    }

    @Override
    public Iterator<Row> call(long[] range) {
      return new RangeRows(gen, gen.load(), range[0], range[1], bytes);
    }
  }

  /** Rows {@code [from, to)} of the generated set, built as the writer pulls them. */
  private static final class RangeRows implements Iterator<Row> {
    private final Generator gen;
    private final byte[][] src;
    private final byte[] px;
    private final long to;
    private final boolean bytes;
    private long i;

    RangeRows(Generator gen, byte[][] src, long from, long to, boolean bytes) {
      this.gen = gen;
      this.bytes = bytes;
      this.src = src;
      this.px = new byte[gen.source.features()];
      this.i = from;
      this.to = to;
    }

    @Override
    public boolean hasNext() {
      return i < to;
    }

    @Override
    public Row next() {
      int label = gen.image(src, i++, px);
      if (bytes) {
        return RowFactory.create(label, px.clone());
      }
      float[] x = new float[px.length];
      for (int k = 0; k < px.length; k++) {
        x[k] = (px[k] & 0xff) / 255f;
      }
      return RowFactory.create(label, x);
    }
  }
}
