package dev.neuron.read;

import dev.neuron.data.DataException;
import dev.neuron.data.HadoopConf;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;

import static org.apache.spark.sql.functions.col;

/**
 * Opens a data set on any Hadoop path as {@link Examples}: the driver reads only schemas, headers
 * and file listings (plus, for tables and CSV, a count per partition to number rows); executors
 * decode their own partitions.
 */
public final class ExampleSources {
  private ExampleSources() {}

  /** Opens {@code path} in {@code spec}'s layout for a model of {@code inputs} → classes. */
  public static Examples<?> open(SparkSession spark, String path, ReadSpec spec, int inputs,
      int classes, ReadSpec.Labels labels) {
    String unfinished = dev.neuron.io.OutputDir.unfinished(
        spark.sparkContext().hadoopConfiguration(), path);
    if (unfinished != null) {
      throw new DataException(unfinished);
    }
    return switch (spec.format()) {
      case IDX -> idx(spark, locateIdx(spark.sparkContext().hadoopConfiguration(), path), spec,
          classes);
      case PARQUET -> {
        Dataset<Row> df = spark.read().parquet(path);
        yield table(df, spec, inputs, classes, labels, path, true);
      }
      case CSV -> csv(spark, path, spec, inputs, classes, labels);
      case IMAGES -> images(spark, path, spec, inputs, classes, labels);
    };
  }

  /** IDX images and labels, read in ranges by the executors. */
  public static Examples<long[]> idx(SparkSession spark, IdxDataset data, ReadSpec spec,
      int classes) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int parts = (int) Math.max(1, Math.min(data.count(),
        Math.max(jsc.defaultParallelism(), (data.count() + 49_999) / 50_000)));
    List<long[]> ranges = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      ranges.add(new long[] {data.count() * p / parts, data.count() * (p + 1) / parts});
    }
    ReaderFactory<long[]> readers = new Readers.Idx(data, new HadoopConf(jsc.hadoopConfiguration()),
        classes, spec.scaleFor(true), spec.invalid());
    return new Examples<>(jsc.parallelize(ranges, parts), readers, data.features(),
        ReadSpec.Ids.ROW_INDEX, data.images().path());
  }

  /**
   * Any DataFrame with a features column (Spark ML vector or array of numbers) and, optionally, a
   * label column; {@code fromFiles}: it is a file scan, so {@code _metadata.file_path} names rows'
   * files in messages.
   */
  public static Examples<InternalRow> table(Dataset<Row> df, ReadSpec spec, int inputs,
      int classes, ReadSpec.Labels labels, String source, boolean fromFiles) {
    List<String> names = Arrays.asList(df.columns());
    if (!names.contains(spec.featuresColumn())) {
      throw new DataException(source + ": no features column '" + spec.featuresColumn()
          + "'; found columns " + names);
    }
    boolean hasLabel = names.contains(spec.labelColumn());
    if (!hasLabel && labels == ReadSpec.Labels.REQUIRED) {
      throw new DataException(source + ": no label column '" + spec.labelColumn()
          + "'; found columns " + names);
    }
    DataType ft = df.schema().apply(spec.featuresColumn()).dataType();
    TableDecoder.Features kind;
    boolean nullable = false;
    Column features = col(spec.featuresColumn());
    if (ft instanceof VectorUDT) {
      kind = TableDecoder.Features.VECTOR;
    } else if (ft == DataTypes.BinaryType) {
      kind = TableDecoder.Features.BYTES;
    } else if (ft instanceof ArrayType a && isNumber(a.elementType())) {
      DataType e = a.elementType();
      nullable = a.containsNull();
      kind = e == DataTypes.FloatType ? TableDecoder.Features.FLOAT
          : e == DataTypes.LongType ? TableDecoder.Features.LONG
          : isIntegral(e) ? TableDecoder.Features.INT : TableDecoder.Features.DOUBLE;
      if (kind == TableDecoder.Features.INT && e != DataTypes.IntegerType) {
        features = features.cast(DataTypes.createArrayType(DataTypes.IntegerType, nullable));
      } else if (kind == TableDecoder.Features.DOUBLE && e != DataTypes.DoubleType) {
        features = features.cast(DataTypes.createArrayType(DataTypes.DoubleType, nullable));
      }
    } else {
      throw new DataException(source + ": column " + spec.featuresColumn() + ": expected a Spark ML"
          + " vector, array<float|double|int> or binary (8-bit pixels), found "
          + ft.simpleString());
    }
    List<Column> cols = new ArrayList<>(List.of(features));
    TableDecoder.Label labelKind = TableDecoder.Label.NONE;
    if (hasLabel) {
      DataType lt = df.schema().apply(spec.labelColumn()).dataType();
      if (!isNumber(lt)) {
        throw new DataException(source + ": column " + spec.labelColumn() + ": expected a numeric"
            + " class label, found " + lt.simpleString());
      }
      labelKind = isIntegral(lt) ? TableDecoder.Label.INTEGRAL : TableDecoder.Label.FLOATING;
      cols.add(col(spec.labelColumn()).cast(isIntegral(lt) ? DataTypes.LongType
          : DataTypes.DoubleType));
    } else {
      cols.add(org.apache.spark.sql.functions.lit(null).cast(DataTypes.LongType));
    }
    if (fromFiles) {
      cols.add(col("_metadata.file_path"));
    }
    boolean integral = kind == TableDecoder.Features.INT || kind == TableDecoder.Features.LONG
        || kind == TableDecoder.Features.BYTES;
    RowDecoder decoder = new TableDecoder(kind, nullable, labelKind, fromFiles ? 2 : -1, inputs,
        classes, spec.scaleFor(integral), spec.featuresColumn(), spec.labelColumn(), source);
    Dataset<Row> selected = df.select(cols.toArray(new Column[0]));
    JavaRDD<InternalRow> rows = selected.queryExecution().toRdd().toJavaRDD();
    JavaRDD<InternalRow> counted = fromFiles
        ? df.select(col("_metadata.file_path")).queryExecution().toRdd().toJavaRDD() : rows;
    if (counted.getNumPartitions() != rows.getNumPartitions()) {
      counted = rows;
    }
    return rows(rows, decoder, spec, labels, firstRows(counted, decoder), inputs,
        ReadSpec.Ids.ROW_INDEX, source);
  }

  /**
   * CSV text lines, parsed by the executors; each line is kept only up to the longest a valid one
   * can be ({@link BoundedLines}), so a file without line breaks cannot exhaust a task's memory.
   */
  public static Examples<InternalRow> csv(SparkSession spark, String path, ReadSpec spec,
      int inputs, int classes, ReadSpec.Labels labels) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration conf = new Configuration(jsc.hadoopConfiguration());
    conf.setInt(BoundedLines.MAX_BYTES, CsvDecoder.maxLineBytes(inputs));
    JavaNewHadoopRDD<LongWritable, Text> lines = (JavaNewHadoopRDD<LongWritable, Text>)
        jsc.newAPIHadoopFile(path, BoundedLines.class, LongWritable.class, Text.class, conf);
    RowDecoder decoder = new CsvDecoder(inputs, classes, spec.scaleFor(true));
    JavaRDD<InternalRow> rows = lines.mapPartitionsWithInputSplit(new BoundedLines.Rows(), true);
    return rows(rows, decoder, spec, labels, firstRows(rows, decoder), inputs,
        ReadSpec.Ids.ROW_INDEX, path);
  }

  /** Image files under {@code path} (any depth), listed by the driver, decoded by executors. */
  public static Examples<String> images(SparkSession spark, String path, ReadSpec spec,
      int inputs, int classes, ReadSpec.Labels labels) {
    return ImageFiles.open(JavaSparkContext.fromSparkContext(spark.sparkContext()), path, spec,
        inputs, classes, labels);
  }

  private static Examples<InternalRow> rows(JavaRDD<InternalRow> rows, RowDecoder decoder,
      ReadSpec spec, ReadSpec.Labels labels, long[] firstRows, int inputs, ReadSpec.Ids ids,
      String source) {
    return new Examples<>(rows, new Readers.Rows(decoder, spec.invalid(), labels, firstRows),
        inputs, ids, source);
  }

  /** Each partition's first global row index: one counting pass, prefix sums on the driver. */
  private static long[] firstRows(JavaRDD<InternalRow> rows, RowDecoder decoder) {
    List<Long> counts = rows.mapPartitions(new CountRecords(decoder)).collect();
    long[] first = new long[counts.size()];
    for (int p = 1; p < first.length; p++) {
      first[p] = first[p - 1] + counts.get(p - 1);
    }
    return first;
  }

  private static final class CountRecords implements FlatMapFunction<Iterator<InternalRow>, Long> {
    private static final long serialVersionUID = 1L;
    private final RowDecoder decoder;

    CountRecords(RowDecoder decoder) {
      this.decoder = decoder;
    }

    @Override
    public Iterator<Long> call(Iterator<InternalRow> rows) {
      long n = 0;
      while (rows.hasNext()) {
        if (decoder.isRecord(rows.next())) {
          n++;
        }
      }
      return List.of(n).iterator();
    }
  }

  private static boolean isIntegral(DataType t) {
    return t == DataTypes.ByteType || t == DataTypes.ShortType || t == DataTypes.IntegerType
        || t == DataTypes.LongType;
  }

  private static boolean isNumber(DataType t) {
    return isIntegral(t) || t == DataTypes.FloatType || t == DataTypes.DoubleType
        || t instanceof DecimalType;
  }

  /**
   * The IDX pair at {@code path}: a directory holding one {@code <prefix>-images-idx3-ubyte[.gz]}
   * (or several, of which {@code t10k} is taken), or {@code DIR/<prefix>}.
   */
  public static IdxDataset locateIdx(Configuration conf, String path) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      if (fs.exists(p) && fs.getFileStatus(p).isDirectory()) {
        TreeSet<String> prefixes = new TreeSet<>();
        for (FileStatus s : fs.listStatus(p)) {
          String n = s.getPath().getName();
          int i = n.indexOf("-images-idx3-ubyte");
          if (i > 0) {
            prefixes.add(n.substring(0, i));
          }
        }
        if (prefixes.isEmpty()) {
          throw new DataException(path + ": no <prefix>-images-idx3-ubyte file");
        }
        String prefix = prefixes.size() == 1 ? prefixes.first() : prefixes.contains("t10k")
            ? "t10k" : null;
        if (prefix == null) {
          throw new DataException(path + ": several IDX sets " + prefixes + "; name one, e.g. "
              + path + "/" + prefixes.first());
        }
        return IdxDataset.inDirectory(conf, path, prefix);
      }
      return IdxDataset.inDirectory(conf, p.getParent().toString(), p.getName());
    } catch (IOException e) {
      throw new DataException(path + ": cannot list: " + e.getMessage(), e);
    }
  }

  /** Guesses the layout from names: .csv, .parquet, IDX files, else image folders. */
  public static InputFormat infer(Configuration conf, String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".csv") || lower.endsWith(".csv.gz")) {
      return InputFormat.CSV;
    }
    if (lower.endsWith(".parquet")) {
      return InputFormat.PARQUET;
    }
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.exists(p)) {
        return InputFormat.IDX;
      }
      if (fs.getFileStatus(p).isDirectory()) {
        for (FileStatus s : fs.listStatus(p)) {
          String n = s.getPath().getName().toLowerCase(Locale.ROOT);
          if (n.contains("-idx3-ubyte")) {
            return InputFormat.IDX;
          }
          if (n.endsWith(".parquet")) {
            return InputFormat.PARQUET;
          }
          if (n.endsWith(".csv") || n.endsWith(".csv.gz")) {
            return InputFormat.CSV;
          }
        }
        return InputFormat.IMAGES;
      }
    } catch (IOException e) {
      throw new DataException(path + ": cannot list: " + e.getMessage(), e);
    }
    throw new DataException(path + ": cannot tell its format from the name; pass --format");
  }
}
