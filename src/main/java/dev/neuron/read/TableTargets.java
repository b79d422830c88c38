package dev.neuron.read;

import dev.neuron.data.DataException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;

/**
 * Labelled rows from table columns: real-valued targets for {@code task=regression}, or class
 * indices with sample weights ({@code data.weight_column}), from a Parquet set or CSV files with a
 * header line naming the columns.
 *
 * <ul>
 *   <li>targets ({@code data.label_column}): one numeric column (one output), one vector or
 *       numeric-array column (one output per element), or several numeric columns, comma-separated
 *       ({@code y1,y2}: one output each, in that order);
 *   <li>features ({@code data.features_column}): a vector or numeric-array column, or several
 *       numeric columns, comma-separated; when it names the default {@code features} and the
 *       table has no such column, every column that is not a target (nor the weight) is a feature,
 *       in the table's order;
 *   <li>a class index ({@code data.label_column}, one numeric column) for classification;
 *   <li>sample weights ({@code data.weight_column}, optional): one numeric column, finite and at
 *       least 0.
 * </ul>
 *
 * CSV cells are read as text and converted to numbers; a cell that is not a number, like a null
 * or a non-finite value in any input, fails the run naming the partition, row and column
 * ({@link RowBlocks} checks every row). The rows become cached blocks through the Spark ML
 * regressor's own conversion, so the CLI and {@code NeuronRegressor} read targets alike.
 */
public final class TableTargets {
  private static final String DEFAULT_FEATURES = "features";

  /** Whether the weight column must be there. */
  public enum Weights {
    REQUIRED,
    IF_PRESENT
  }

  private final Dataset<Row> frame;
  private final String description;
  private final boolean weighted;
  private final int classes;

  private TableTargets(Dataset<Row> frame, String description, boolean weighted, int classes) {
    this.frame = frame;
    this.description = description;
    this.weighted = weighted;
    this.classes = classes;
  }

  /**
   * Reads the schema (and, for CSV, the header) of {@code path}; no row is decoded yet.
   *
   * @param weight the weight column, or empty for none
   * @param classes the class count of a classifier's labels, or 0 for real-valued targets
   * @param weights whether a table without the weight column is an error (training rows) or is
   *     read unweighted (a test table)
   */
  public static TableTargets open(SparkSession spark, String path, InputFormat format, String features,
      String targets, String weight, int classes, Weights weights) {
    Dataset<Row> raw = switch (format) {
      case PARQUET -> spark.read().parquet(path);
      case CSV -> spark.read().option("header", "true").csv(path);
      default -> throw new IllegalArgumentException("data.format: regression targets are read from"
          + " parquet or csv tables, found " + format.key());
    };
    StructType schema = raw.schema();
    List<String> y = names(targets);
    for (String c : y) {
      require(schema, c, path, "data.label_column");
    }
    if (classes > 0 && y.size() != 1) {
      throw new IllegalArgumentException("data.label_column: a classifier's label is one column of class"
          + " indices, found " + y);
    }
    if (!weight.isEmpty() && weights == Weights.IF_PRESENT && !has(schema, weight)) {
      weight = "";
    }
    if (!weight.isEmpty()) {
      require(schema, weight, path, "data.weight_column");
    }
    List<String> x = names(features);
    if (x.equals(List.of(DEFAULT_FEATURES)) && !has(schema, DEFAULT_FEATURES)) {
      x = new ArrayList<>(Arrays.asList(schema.fieldNames()));
      x.removeAll(y);
      x.remove(weight);
    } else {
      for (String c : x) {
        require(schema, c, path, "data.features_column");
      }
    }
    if (x.isEmpty()) {
      throw new DataException(path + ": expected at least one feature column besides the"
          + " targets " + y + ", found none");
    }
    List<Column> cols = new ArrayList<>(List.of(vector(schema, x, path).as("features"),
        y.size() == 1 && numeric(schema, y.get(0)) ? number(schema, y.get(0)).as("label")
            : vector(schema, y, path).as("label")));
    if (!weight.isEmpty()) {
      if (!numeric(schema, weight)) {
        throw new DataException(path + ": column " + weight + ": expected numeric sample weights,"
            + " found " + schema.apply(weight).dataType().catalogString());
      }
      cols.add(number(schema, weight).as("weight"));
    }
    return new TableTargets(raw.select(cols.toArray(new Column[0])), String.format(
        "%s (%s): features %s, %s %s%s", path, format.key(),
        x.size() == 1 ? x.get(0) : x.size() + " columns " + x, classes > 0 ? "classes" : "targets",
        y, weight.isEmpty() ? "" : ", weights " + weight), !weight.isEmpty(), classes);
  }

  /** E.g. {@code data/houses (parquet): features 8 columns [...], targets [price]}. */
  public String describe() {
    return description;
  }

  /**
   * The rows as {@code partitions} cached blocks.
   *
   * @param outputs the target width the network expects, or 0 to take the table's
   */
  public RowBlocks.Converted read(int partitions, int outputs) {
    String w = weighted ? "weight" : "";
    return classes > 0 ? RowBlocks.convert(frame, "features", "label", w, partitions, classes)
        : RowBlocks.convertTargets(frame, "features", "label", w, partitions, outputs);
  }

  private static List<String> names(String spec) {
    List<String> out = new ArrayList<>();
    for (String s : spec.split(",")) {
      if (!s.trim().isEmpty()) {
        out.add(s.trim());
      }
    }
    return out;
  }

  private static boolean has(StructType schema, String c) {
    return Arrays.asList(schema.fieldNames()).contains(c);
  }

  private static void require(StructType schema, String c, String path, String key) {
    if (!has(schema, c)) {
      throw new DataException(path + ": " + key + " names column '" + c + "', which the table"
          + " does not have; its columns are " + String.join(", ", schema.fieldNames()));
    }
  }

  private static boolean numeric(StructType schema, String c) {
    DataType t = schema.apply(c).dataType();
    return t instanceof NumericType || t instanceof StringType;
  }

  /** One number: a missing or unparsable value becomes NaN, which the row check names. */
  private static Column number(StructType schema, String c) {
    Column v = schema.apply(c).dataType() instanceof StringType
        ? functions.expr("try_cast(`" + c.replace("`", "``") + "` AS DOUBLE)")
        : functions.col("`" + c.replace("`", "``") + "`").cast("double");
    return functions.coalesce(v, functions.lit(Double.NaN));
  }

  /** A Spark ML vector from one vector or array column, or from several numeric columns. */
  private static Column vector(StructType schema, List<String> cols, String path) {
    if (cols.size() == 1 && !numeric(schema, cols.get(0))) {
      String c = cols.get(0);
      DataType t = schema.apply(c).dataType();
      Column col = functions.col("`" + c.replace("`", "``") + "`");
      if (t.equals(SQLDataTypes.VectorType())) {
        return col;
      }
      if (t instanceof ArrayType a && a.elementType() instanceof NumericType) {
        return org.apache.spark.ml.functions.array_to_vector(
            functions.transform(col, e -> functions.coalesce(e.cast("double"),
                functions.lit(Double.NaN))));
      }
      throw new DataException(path + ": column " + c + ": expected a number, a vector or an"
          + " array of numbers, found " + t.catalogString());
    }
    Column[] parts = new Column[cols.size()];
    for (int i = 0; i < parts.length; i++) {
      String c = cols.get(i);
      if (!numeric(schema, c)) {
        throw new DataException(path + ": column " + c + ": expected a number (one of several"
            + " columns), found " + schema.apply(c).dataType().catalogString());
      }
      parts[i] = number(schema, c);
    }
    return org.apache.spark.ml.functions.array_to_vector(functions.array(parts));
  }
}
