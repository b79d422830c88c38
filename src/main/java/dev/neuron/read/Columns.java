package dev.neuron.read;

import java.util.Arrays;
import java.util.function.Predicate;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Checks of an input table's columns, with MLlib's messages' shape: which column, what type was
 * expected and found. Used by the row conversion ({@link RowBlocks}) and the Spark ML stages.
 */
public final class Columns {
  private Columns() {}

  public static void requireVector(StructType schema, String col) {
    require(schema, col, t -> t.equals(SQLDataTypes.VectorType()),
        "a vector (e.g. from VectorAssembler)");
  }

  public static void requireNumeric(StructType schema, String col) {
    require(schema, col, t -> t instanceof NumericType,
        "a numeric class index (e.g. from StringIndexer)");
  }

  public static boolean isVector(StructType schema, String col) {
    return field(schema, col).dataType().equals(SQLDataTypes.VectorType());
  }

  /** A regression label: a number (one output) or a vector (one value per output). */
  public static void requireTarget(StructType schema, String col) {
    require(schema, col, t -> t instanceof NumericType || t.equals(SQLDataTypes.VectorType()),
        "a number or a vector of numbers (one per output)");
  }

  /** A sample weight column: numeric. */
  public static void requireWeight(StructType schema, String col) {
    require(schema, col, t -> t instanceof NumericType, "a numeric sample weight");
  }

  public static void requireBoolean(StructType schema, String col) {
    require(schema, col, t -> t.equals(DataTypes.BooleanType), "a boolean validation indicator");
  }

  /** Fails with "column C: expected E, found T" unless column {@code col}'s type is {@code ok}. */
  private static void require(StructType schema, String col, Predicate<DataType> ok,
      String expected) {
    DataType t = field(schema, col).dataType();
    if (!ok.test(t)) {
      throw new IllegalArgumentException("column " + col + ": expected " + expected + ", found "
          + t.catalogString());
    }
  }

  private static StructField field(StructType schema, String col) {
    if (!Arrays.asList(schema.fieldNames()).contains(col)) {
      throw new IllegalArgumentException("column " + col + " does not exist; the columns are "
          + String.join(", ", schema.fieldNames()));
    }
    return schema.apply(col);
  }
}
