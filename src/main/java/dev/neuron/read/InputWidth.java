package dev.neuron.read;

import dev.neuron.data.DataException;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The feature count of a training input that has no header saying it (the network's input size
 * comes from the data): the first record's, read on the driver. Every other record is checked
 * against it by the readers. Images count their pixels in grey (the readers' layout).
 */
public final class InputWidth {
  private InputWidth() {}

  public static int of(SparkSession spark, String path, ReadSpec spec) {
    List<Row> first = switch (spec.format()) {
      case IMAGES -> spark.read().format("image").option("recursiveFileLookup", true).load(path)
          .selectExpr("image.height * image.width").takeAsList(1);
      case PARQUET -> spark.read().parquet(path).select(spec.featuresColumn()).takeAsList(1);
      case CSV -> spark.read().text(path).takeAsList(1);
      case IDX -> throw new IllegalArgumentException("IDX files state their width in the header");
    };
    if (first.isEmpty()) {
      throw new DataException(path + ": no " + spec.format().key() + " records");
    }
    Row r = first.get(0);
    if (r.isNullAt(0)) {
      throw new DataException(path + ": first record: column " + spec.featuresColumn()
          + ": expected features, found null");
    }
    Object v = r.get(0);
    int width;
    if (spec.format() == InputFormat.CSV) {
      // label,pixel0,…; a header line (first field "label") has the same count.
      width = ((String) v).split(",", -1).length - 1;
    } else if (v instanceof Vector vec) {
      width = vec.size();
    } else if (v instanceof byte[] bytes) {
      width = bytes.length;
    } else if (v instanceof scala.collection.Seq<?> seq) {
      width = seq.size();
    } else if (v instanceof Number n) {
      width = n.intValue();
    } else {
      throw new DataException(path + ": first record: cannot tell the feature count of a "
          + v.getClass().getSimpleName());
    }
    if (width <= 0) {
      throw new DataException(path + ": first record: expected at least one feature, found "
          + width);
    }
    return width;
  }
}
