package dev.neuron.read;

import dev.neuron.data.DataException;
import java.util.Iterator;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * Fills chunks from a partition's Spark rows through a {@link RowDecoder}, numbering records from
 * the partition's first global row index (−1: the input has no row numbers).
 */
final class RowChunkReader implements ChunkReader {
  private final Iterator<InternalRow> rows;
  private final RowDecoder decoder;
  private final ReadSpec.Invalid policy;
  private final ReadSpec.Labels labels;
  private final long[] skipped = new long[SkipReason.values().length];
  private long next;

  RowChunkReader(Iterator<InternalRow> rows, RowDecoder decoder, ReadSpec.Invalid policy,
      ReadSpec.Labels labels, long firstRow) {
    this.rows = rows;
    this.decoder = decoder;
    this.policy = policy;
    this.labels = labels;
    this.next = firstRow;
  }

  @Override
  public boolean fill(Chunk c) {
    c.cols = 0;
    int inputs = c.inputs();
    while (!c.full() && rows.hasNext()) {
      InternalRow row = rows.next();
      long index = next;
      int label;
      try {
        label = decoder.decode(row, c.x(), c.cols * inputs);
      } catch (InvalidRecord e) {
        advance();
        reject(e, row, index);
        continue;
      }
      if (label == RowDecoder.NOT_A_RECORD) {
        continue;
      }
      advance();
      if (label < 0 && labels == ReadSpec.Labels.REQUIRED) {
        reject(new InvalidRecord(SkipReason.MISSING_LABEL, "label", "expected a label, found none"),
            row, index);
        continue;
      }
      c.labels()[c.cols] = label;
      c.rows()[c.cols] = index;
      if (c.keepsNames()) {
        c.names()[c.cols] = decoder.name(row);
      }
      c.cols++;
    }
    return c.cols > 0;
  }

  private void advance() {
    if (next >= 0) {
      next++;
    }
  }

  private void reject(InvalidRecord e, InternalRow row, long index) {
    if (policy == ReadSpec.Invalid.SKIP) {
      skipped[e.reason().ordinal()]++;
      return;
    }
    throw new DataException(decoder.where(row, index) + ", field " + e.field() + ": "
        + e.getMessage());
  }

  @Override
  public long[] skipped() {
    return skipped;
  }
}
