package dev.neuron.read;

import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/**
 * Packs a partition's (features, label) rows into one flat features array and one flat label
 * array, checking every row: features a vector of the partition's first row's width with finite
 * values; the label a class index, or (real targets) a finite number or a vector of finite
 * numbers of one width. The first bad row is named by partition, row and column.
 */
final class PackRows implements Function2<Integer, Iterator<Row>, Iterator<PackRows.Packed>> {
  private static final long serialVersionUID = 1L;
  private final String featuresCol;
  private final String labelCol;
  private final RowBlocks.Labels labels;
  /** The weight column's name, when the rows carry one as their third column; else empty. */
  private final String weightCol;

  /**
   * A partition's rows: features row after row, and labels row after row ({@code targets} values
   * each: 1 for a class index or a number).
   */
  record Packed(int rows, int width, int targets, float[] x, float[] labels, float[] weights)
      implements java.io.Serializable {}

  PackRows(String featuresCol, String labelCol, String weightCol, RowBlocks.Labels labels) {
    this.featuresCol = featuresCol;
    this.labelCol = labelCol;
    this.weightCol = weightCol;
    this.labels = labels;
  }

  @Override
  public Iterator<Packed> call(Integer partition, Iterator<Row> it) {
    int width = -1;
    int targets = -1;
    int n = 0;
    float[] x = new float[0];
    float[] y = new float[0];
    float[] w = weightCol.isEmpty() ? null : new float[16];
    while (it.hasNext()) {
      Row r = it.next();
      String where = "partition " + partition + ", row " + n + ": column ";
      if (r.isNullAt(0) || r.isNullAt(1)) {
        throw new IllegalArgumentException(where + (r.isNullAt(0) ? featuresCol : labelCol)
            + ": expected a value, found null");
      }
      Vector v = (Vector) r.get(0);
      Object label = r.get(1);
      int t = label instanceof Vector lv ? lv.size() : 1;
      if (width < 0) {
        width = v.size();
        targets = t;
        x = new float[16 * Math.max(1, width)];
        y = new float[16 * Math.max(1, targets)];
      } else if (v.size() != width) {
        throw new IllegalArgumentException(where + featuresCol + ": expected a vector of "
            + width + " values (as the partition's first row), found " + v.size());
      } else if (t != targets) {
        throw new IllegalArgumentException(where + labelCol + ": expected a vector of "
            + targets + " values (as the partition's first row), found " + t);
      }
      x = room(x, n, width, partition);
      y = room(y, n, targets, partition);
      put(v, x, n * width, width);
      check(x, n * width, width, where + featuresCol);
      if (label instanceof Vector lv) {
        put(lv, y, n * targets, targets);
      } else {
        double d = (Double) label;
        if (labels == RowBlocks.Labels.CLASS_INDEX
            && !(d >= 0 && d == Math.rint(d) && d < (1 << 24))) {
          throw new IllegalArgumentException(where + labelCol + ": expected a class index"
              + " (0, 1, 2, …), found " + d);
        }
        y[n] = (float) d;
      }
      check(y, n * targets, targets, where + labelCol);
      if (w != null) {
        w = room(w, n, 1, partition);
        w[n] = weight(r, where);
      }
      n++;
    }
    if (n == 0) {
      return Collections.emptyIterator();
    }
    List<Packed> one = List.of(new Packed(n, width, targets, Arrays.copyOf(x, n * width),
        Arrays.copyOf(y, n * targets), w == null ? null : Arrays.copyOf(w, n)));
    return one.iterator();
  }

  /** The row's weight (third column): a finite number ≥ 0. */
  private float weight(Row r, String where) {
    if (r.isNullAt(2)) {
      throw new IllegalArgumentException(where + weightCol + ": expected a weight, found null");
    }
    double v = ((Number) r.get(2)).doubleValue();
    if (!(v >= 0 && (float) v < Float.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(where + weightCol + ": expected a finite weight of at"
          + " least 0, found " + v);
    }
    return (float) v;
  }

  /** {@code a}, grown if row {@code n} of {@code width} values does not fit. */
  private static float[] room(float[] a, int n, int width, int partition) {
    if ((long) (n + 1) * width <= a.length) {
      return a;
    }
    float[] b = Arrays.copyOf(a, (int) Math.min(Integer.MAX_VALUE - 8, 2L * a.length));
    if ((long) (n + 1) * width > b.length) {
      throw new IllegalArgumentException("partition " + partition + " holds more than 2^31"
          + " values; use more partitions (numPartitions)");
    }
    return b;
  }

  /** Copies a dense or sparse vector's {@code width} values into {@code dst[off…]}. */
  static void put(Vector v, float[] dst, int off, int width) {
    if (v instanceof DenseVector d) {
      double[] vals = d.values();
      for (int i = 0; i < width; i++) {
        dst[off + i] = (float) vals[i];
      }
    } else {
      SparseVector s = (SparseVector) v;
      int[] idx = s.indices();
      double[] vals = s.values();
      Arrays.fill(dst, off, off + width, 0f);
      for (int i = 0; i < idx.length; i++) {
        dst[off + idx[i]] = (float) vals[i];
      }
    }
  }

  private static void check(float[] a, int off, int width, String where) {
    for (int i = 0; i < width; i++) {
      if (!Float.isFinite(a[off + i])) {
        throw new IllegalArgumentException(where + ": expected finite values, found "
            + a[off + i] + " at index " + i);
      }
    }
  }
}
