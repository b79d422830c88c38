package dev.neuron.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.junit.jupiter.api.Test;

/**
 * Spark ML sparse vectors as a Parquet file can hold them, checked as Spark's {@code SparseVector}
 * checks its arguments: the size, each index in range, indices strictly increasing, one value per
 * index. A bad one is an invalid record (so {@code --skip-invalid} skips it) that names the field,
 * and never writes outside its own example's slot.
 */
class SparseVectorTest {
  private static final int INPUTS = 4;
  private final TableDecoder decoder = new TableDecoder(TableDecoder.Features.VECTOR, false,
      TableDecoder.Label.INTEGRAL, -1, INPUTS, 3, 1f, "features", "label", "t.parquet");

  @Test
  void aValidSparseVectorDecodes() {
    float[] x = new float[2 * INPUTS];
    assertEquals(2, decoder.decode(row(INPUTS, new int[] {1, 3}, new double[] {0.5, 2}), x,
        INPUTS));
    assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0.5f, 0, 2f}, x);
  }

  @Test
  void badSparseVectorsAreInvalidRecords() {
    bad(row(INPUTS, new int[] {-1}, new double[] {7}), "features.indices[0]",
        "expected an index in 0..3, found -1");
    bad(row(INPUTS, new int[] {0, 4}, new double[] {1, 7}), "features.indices[1]",
        "expected an index in 0..3, found 4");
    bad(row(INPUTS, new int[] {2, 1}, new double[] {1, 7}), "features.indices[1]",
        "expected strictly increasing indices, found 1 after 2");
    bad(row(INPUTS, new int[] {1, 1}, new double[] {1, 7}), "features.indices[1]",
        "expected strictly increasing indices, found 1 after 1");
    bad(row(INPUTS, new int[] {0, 1, 2}, new double[] {1, 7}), "features.values",
        "expected 3 values (one per index), found 2");
    bad(row(5, new int[] {0}, new double[] {1}), "features",
        "expected 4 values (the model's input), found 5");
  }

  private void bad(GenericInternalRow row, String field, String problem) {
    float[] x = {9, 9, 9, 9, 0, 0, 0, 0, 9, 9, 9, 9};
    InvalidRecord e = assertThrows(InvalidRecord.class, () -> decoder.decode(row, x, INPUTS));
    assertEquals(field, e.field());
    assertEquals(problem, e.getMessage());
    for (int i : new int[] {0, 1, 2, 3, 8, 9, 10, 11}) {
      assertEquals(9f, x[i], "the neighbouring examples are untouched");
    }
  }

  /** A row (features, label 2) with a sparse vector as Spark stores it: (0, size, idx, vals). */
  private static GenericInternalRow row(int size, int[] indices, double[] values) {
    GenericInternalRow v = new GenericInternalRow(new Object[] {(byte) 0, size,
        new GenericArrayData(indices), new GenericArrayData(values)});
    return new GenericInternalRow(new Object[] {v, 2L});
  }
}
