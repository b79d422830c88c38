package dev.neuron.read;

import java.io.Serializable;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * Decodes one Spark row of a particular layout into a column of a chunk. Shipped to executors;
 * holds only the layout (ordinals, types, sizes).
 */
public interface RowDecoder extends Serializable {
  /** Returned by {@link #decode} for a row that is not a record (a CSV header). */
  int NOT_A_RECORD = -2;

  /**
   * Writes the row's {@code inputs} features to {@code x[off, off + inputs)} and returns its class,
   * −1 when it has none, or {@link #NOT_A_RECORD}.
   *
   * @throws InvalidRecord when the row cannot be used
   */
  int decode(InternalRow row, float[] x, int off);

  /** Whether the row counts as a record (false for a CSV header); used to number rows. */
  default boolean isRecord(InternalRow row) {
    return true;
  }

  /** Where the row came from, for messages: {@code "<file>: row <index>"} or the image file. */
  String where(InternalRow row, long index);

  /** The row's file, for prediction ids of file-per-record inputs; null otherwise. */
  default String name(InternalRow row) {
    return null;
  }
}
