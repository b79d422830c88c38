package dev.neuron.ml;

import java.util.Arrays;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Schema checks with MLlib's messages' shape: which column, what type was expected and found. */
final class Schemas {
  private Schemas() {}

  static void requireVector(StructType schema, String col) {
    DataType t = field(schema, col).dataType();
    if (!t.equals(SQLDataTypes.VectorType())) {
      throw new IllegalArgumentException("column " + col + ": expected a vector (e.g. from"
          + " VectorAssembler), found " + t.catalogString());
    }
  }

  static void requireNumeric(StructType schema, String col) {
    DataType t = field(schema, col).dataType();
    if (!(t instanceof NumericType)) {
      throw new IllegalArgumentException("column " + col + ": expected a numeric class index"
          + " (e.g. from StringIndexer), found " + t.catalogString());
    }
  }

  static boolean isVector(StructType schema, String col) {
    return field(schema, col).dataType().equals(SQLDataTypes.VectorType());
  }

  /** A regression label: a number (one output) or a vector (one value per output). */
  static void requireTarget(StructType schema, String col) {
    DataType t = field(schema, col).dataType();
    if (!(t instanceof NumericType) && !t.equals(SQLDataTypes.VectorType())) {
      throw new IllegalArgumentException("column " + col + ": expected a number or a vector of"
          + " numbers (one per output), found " + t.catalogString());
    }
  }

  /**
   * {@code schema} after checking the features column and appending the output columns whose
   * names are not empty: rawPrediction and probability (vectors), prediction (double).
   */
  static StructType withOutputs(StructType schema, ClassifierParams p) {
    requireVector(schema, p.getFeaturesCol());
    StructType out = schema;
    if (!p.getRawPredictionCol().isEmpty()) {
      out = append(out, p.getRawPredictionCol(), SQLDataTypes.VectorType());
    }
    if (!p.getProbabilityCol().isEmpty()) {
      out = append(out, p.getProbabilityCol(), SQLDataTypes.VectorType());
    }
    if (!p.getPredictionCol().isEmpty()) {
      out = append(out, p.getPredictionCol(), DataTypes.DoubleType);
    }
    return out;
  }

  /** A sample weight column: numeric. */
  static void requireWeight(StructType schema, String col) {
    DataType t = field(schema, col).dataType();
    if (!(t instanceof NumericType)) {
      throw new IllegalArgumentException("column " + col + ": expected a numeric sample weight,"
          + " found " + t.catalogString());
    }
  }

  static void requireBoolean(StructType schema, String col) {
    DataType t = field(schema, col).dataType();
    if (!t.equals(DataTypes.BooleanType)) {
      throw new IllegalArgumentException("column " + col + ": expected a boolean validation"
          + " indicator, found " + t.catalogString());
    }
  }

  static StructType append(StructType schema, String col, DataType type) {
    if (Arrays.asList(schema.fieldNames()).contains(col)) {
      throw new IllegalArgumentException("output column " + col + " already exists");
    }
    return schema.add(col, type, false);
  }

  private static StructField field(StructType schema, String col) {
    if (!Arrays.asList(schema.fieldNames()).contains(col)) {
      throw new IllegalArgumentException("column " + col + " does not exist; the columns are "
          + String.join(", ", schema.fieldNames()));
    }
    return schema.apply(col);
  }
}
