package dev.neuron.read;

import java.util.Arrays;
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
    DataType t = field(schema, col).dataType();
    if (!t.equals(SQLDataTypes.VectorType())) {
      throw new IllegalArgumentException("column " + col + ": expected a vector (e.g. from"
          + " VectorAssembler), found " + t.catalogString());
    }
  }

  public static void requireNumeric(StructType schema, String col) {
    DataType t = field(schema, col).dataType();
    if (!(t instanceof NumericType)) {
      throw new IllegalArgumentException("column " + col + ": expected a numeric class index"
          + " (e.g. from StringIndexer), found " + t.catalogString());
    }
  }

  public static boolean isVector(StructType schema, String col) {
    return field(schema, col).dataType().equals(SQLDataTypes.VectorType());
  }

  /** A regression label: a number (one output) or a vector (one value per output). */
  public static void requireTarget(StructType schema, String col) {
    DataType t = field(schema, col).dataType();
    if (!(t instanceof NumericType) && !t.equals(SQLDataTypes.VectorType())) {
      throw new IllegalArgumentException("column " + col + ": expected a number or a vector of"
          + " numbers (one per output), found " + t.catalogString());
    }
  }

  /** A sample weight column: numeric. */
  public static void requireWeight(StructType schema, String col) {
    DataType t = field(schema, col).dataType();
    if (!(t instanceof NumericType)) {
      throw new IllegalArgumentException("column " + col + ": expected a numeric sample weight,"
          + " found " + t.catalogString());
    }
  }

  public static void requireBoolean(StructType schema, String col) {
    DataType t = field(schema, col).dataType();
    if (!t.equals(DataTypes.BooleanType)) {
      throw new IllegalArgumentException("column " + col + ": expected a boolean validation"
          + " indicator, found " + t.catalogString());
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
