package dev.neuron.read;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.Platform;

/**
 * Decodes table rows laid out as {@code (features, [label], [file])}: features a Spark ML vector
 * (dense or sparse), an array of floats, doubles or ints, or {@code binary} (one unsigned byte a
 * feature: raw pixels), divided by the scale; the label any
 * integral or floating column holding a whole class number. Float arrays in Spark's unsafe layout
 * are copied in bulk into the chunk.
 */
final class TableDecoder implements RowDecoder {
  private static final long serialVersionUID = 1L;

  /** The stored type of the features column. */
  enum Features {
    VECTOR, FLOAT, DOUBLE, INT, LONG,
    /** {@code binary}: one unsigned byte per feature (raw 8-bit pixels). */
    BYTES
  }

  /** The stored type of the label column. */
  enum Label {
    NONE, INTEGRAL, FLOATING
  }

  private final Features features;
  private final boolean elementsNullable;
  private final Label label;
  private final int fileOrdinal;
  private final int inputs;
  private final int classes;
  private final float scale;
  private final String featuresName;
  private final String labelName;
  private final String source;
  /** {@code b / scale} for each byte value: a lookup, the same float as the division. */
  private transient float[] byteScale;

  TableDecoder(Features features, boolean elementsNullable, Label label, int fileOrdinal,
      int inputs, int classes, float scale, String featuresName, String labelName, String source) {
    this.features = features;
    this.elementsNullable = elementsNullable;
    this.label = label;
    this.fileOrdinal = fileOrdinal;
    this.inputs = inputs;
    this.classes = classes;
    this.scale = scale;
    this.featuresName = featuresName;
    this.labelName = labelName;
    this.source = source;
  }

  @Override
  public int decode(InternalRow row, float[] x, int off) {
    if (row.isNullAt(0)) {
      throw new InvalidRecord(SkipReason.ROW_WIDTH, featuresName, "expected " + inputs
          + " values, found null");
    }
    if (features == Features.VECTOR) {
      vector(row.getStruct(0, 4), x, off);
    } else if (features == Features.BYTES) {
      bytes(row, x, off);
    } else {
      array(row.getArray(0), x, off);
    }
    if (features != Features.INT && features != Features.LONG && features != Features.BYTES) {
      for (int i = 0; i < inputs; i++) {
        if (!Float.isFinite(x[off + i])) {
          throw new InvalidRecord(SkipReason.NOT_FINITE, featuresName + "[" + i + "]",
              "expected a finite number, found " + x[off + i]);
        }
      }
    }
    return label(row);
  }

  private void array(ArrayData a, float[] x, int off) {
    int n = a.numElements();
    width(n);
    if (elementsNullable) {
      for (int i = 0; i < n; i++) {
        if (a.isNullAt(i)) {
          throw new InvalidRecord(SkipReason.NOT_FINITE, featuresName + "[" + i + "]",
              "expected a finite number, found null");
        }
      }
    }
    switch (features) {
      case FLOAT -> {
        if (a instanceof UnsafeArrayData u) {
          Platform.copyMemory(u.getBaseObject(),
              u.getBaseOffset() + UnsafeArrayData.calculateHeaderPortionInBytes(n), x,
              Platform.FLOAT_ARRAY_OFFSET + 4L * off, 4L * n);
        } else {
          for (int i = 0; i < n; i++) {
            x[off + i] = a.getFloat(i);
          }
        }
        if (scale != 1f) {
          for (int i = 0; i < n; i++) {
            x[off + i] /= scale;
          }
        }
      }
      case DOUBLE -> {
        for (int i = 0; i < n; i++) {
          x[off + i] = (float) a.getDouble(i) / scale;
        }
      }
      case INT -> {
        for (int i = 0; i < n; i++) {
          x[off + i] = a.getInt(i) / scale;
        }
      }
      case LONG -> {
        for (int i = 0; i < n; i++) {
          x[off + i] = a.getLong(i) / scale;
        }
      }
      default -> throw new IllegalStateException("not an array layout: " + features);
    }
  }

  /** Unsigned bytes, read in place from an unsafe row (no copy of the value). */
  private void bytes(InternalRow row, float[] x, int off) {
    Object base;
    long at;
    int n;
    if (row instanceof UnsafeRow u) {
      long offsetAndSize = u.getLong(0);
      base = u.getBaseObject();
      at = u.getBaseOffset() + (offsetAndSize >>> 32);
      n = (int) offsetAndSize;
    } else {
      byte[] b = row.getBinary(0);
      base = b;
      at = Platform.BYTE_ARRAY_OFFSET;
      n = b.length;
    }
    width(n);
    float[] lut = byteScale;
    if (lut == null) {
      lut = new float[256];
      for (int b = 0; b < 256; b++) {
        lut[b] = b / scale;
      }
      byteScale = lut;
    }
    for (int i = 0; i < n; i++) {
      x[off + i] = lut[Platform.getByte(base, at + i) & 0xff];
    }
  }

  /**
   * Spark ML's vector struct: (type: 0 sparse, 1 dense; size; indices; values). A sparse one is
   * checked as Spark's {@code SparseVector} checks its arguments (a file need not have been
   * written by Spark): size, each index in range and strictly increasing, one value per index.
   */
  private void vector(InternalRow v, float[] x, int off) {
    if (v.isNullAt(3) || (v.getByte(0) != 1 && v.isNullAt(2))) {
      throw new InvalidRecord(SkipReason.ROW_WIDTH, featuresName, "expected a vector's "
          + (v.isNullAt(3) ? "values" : "indices") + ", found null");
    }
    ArrayData values = v.getArray(3);
    if (v.getByte(0) == 1) {
      width(values.numElements());
      for (int i = 0; i < inputs; i++) {
        x[off + i] = (float) values.getDouble(i) / scale;
      }
      return;
    }
    width(v.getInt(1));
    ArrayData indices = v.getArray(2);
    int nnz = indices.numElements();
    if (values.numElements() != nnz) {
      throw new InvalidRecord(SkipReason.ROW_WIDTH, featuresName + ".values", "expected " + nnz
          + " values (one per index), found " + values.numElements());
    }
    int last = -1;
    for (int k = 0; k < nnz; k++) {
      int i = indices.getInt(k);
      if (i < 0 || i >= inputs) {
        throw new InvalidRecord(SkipReason.ROW_WIDTH, featuresName + ".indices[" + k + "]",
            "expected an index in 0.." + (inputs - 1) + ", found " + i);
      }
      if (i <= last) {
        throw new InvalidRecord(SkipReason.ROW_WIDTH, featuresName + ".indices[" + k + "]",
            "expected strictly increasing indices, found " + i + " after " + last);
      }
      last = i;
    }
    java.util.Arrays.fill(x, off, off + inputs, 0f);
    for (int k = 0; k < nnz; k++) {
      x[off + indices.getInt(k)] = (float) values.getDouble(k) / scale;
    }
  }

  private void width(int n) {
    if (n != inputs) {
      throw new InvalidRecord(SkipReason.ROW_WIDTH, featuresName, "expected " + inputs
          + " values (the model's input), found " + n);
    }
  }

  private int label(InternalRow row) {
    if (label == Label.NONE || row.isNullAt(1)) {
      return -1;
    }
    double v = label == Label.INTEGRAL ? row.getLong(1) : row.getDouble(1);
    if (!(v >= 0 && v < classes && v == Math.rint(v))) {
      throw new InvalidRecord(SkipReason.LABEL_OUT_OF_RANGE, labelName, "expected a class in 0.."
          + (classes - 1) + " (the model's outputs), found " + (label == Label.INTEGRAL
          ? Long.toString((long) v) : Double.toString(v)));
    }
    return (int) v;
  }

  @Override
  public String where(InternalRow row, long index) {
    String file = fileOrdinal >= 0 && !row.isNullAt(fileOrdinal)
        ? row.getUTF8String(fileOrdinal).toString() : source;
    return file + ": row " + index;
  }
}
