package dev.neuron.ml;

import dev.neuron.read.Columns;
import java.util.Arrays;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Output columns of the Spark ML stages (input columns are checked by {@code read.Columns}). */
final class Schemas {
  private Schemas() {}

  /**
   * {@code schema} after checking the features column and appending the output columns whose
   * names are not empty: rawPrediction and probability (vectors), prediction (double).
   */
  static StructType withOutputs(StructType schema, ClassifierParams p) {
    Columns.requireVector(schema, p.getFeaturesCol());
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

  static StructType append(StructType schema, String col, DataType type) {
    if (Arrays.asList(schema.fieldNames()).contains(col)) {
      throw new IllegalArgumentException("output column " + col + " already exists");
    }
    return schema.add(col, type, false);
  }

}
