package dev.neuron.ml;

import dev.neuron.data.ExampleBlock;
import dev.neuron.train.Renumber;
import dev.neuron.train.TrainingSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;

/**
 * A DataFrame's features (vector) and label (class index) columns as a cached training set, one
 * block per partition, reading the rows once: each partition packs its rows into one flat
 * features array and an int label array, checking every row (vector width, finite values, label a
 * class index) and naming the partition and row of the first bad one; a small job then collects
 * the widths and the largest label; finally the labels become one-hot targets and the blocks are
 * numbered in partition order ({@link Renumber}).
 */
final class RowBlocks {
  private RowBlocks() {}

  /** The training set and its class count. */
  record Converted(TrainingSet set, int classes) {}

  /**
   * @param classes the class count when already known (a validation set takes its training set's),
   *     else 0: from the label's metadata, else the largest label + 1
   */
  static Converted convert(Dataset<?> data, String featuresCol, String labelCol, int partitions,
      int classes) {
    if (classes == 0) {
      classes = classesFromMetadata(data.schema().apply(labelCol));
    }
    Dataset<Row> rows = data.select(functions.col(featuresCol),
        functions.col(labelCol).cast("double"));
    int have = rows.rdd().getNumPartitions();
    if (have > partitions) {
      rows = rows.coalesce(partitions);
    } else if (have < partitions) {
      rows = rows.repartition(partitions);
    }
    JavaRDD<Packed> packed = rows.javaRDD().mapPartitionsWithIndex(
        new Pack(featuresCol, labelCol), true);
    packed.persist(StorageLevel.MEMORY_ONLY());
    try {
      int width = -1;
      int maxLabel = -1;
      for (long[] s : packed.map(new Summary()).collect()) {
        if (s[0] == 0) {
          continue;
        }
        if (width >= 0 && width != s[1]) {
          throw new IllegalArgumentException("column " + featuresCol + ": expected vectors of one"
              + " size, found sizes " + width + " and " + s[1] + " in different partitions");
        }
        width = (int) s[1];
        maxLabel = Math.max(maxLabel, (int) s[2]);
      }
      if (width < 0) {
        throw new IllegalArgumentException("expected at least one training row, found none");
      }
      if (classes > 0 && maxLabel >= classes) {
        throw new IllegalArgumentException("column " + labelCol + ": expected labels below "
            + classes + " (the class count of its metadata or of the training rows), found "
            + maxLabel);
      }
      int k = classes > 0 ? classes : maxLabel + 1;
      if (k < 2) {
        throw new IllegalArgumentException("column " + labelCol + ": expected at least 2"
            + " classes, found " + k);
      }
      TrainingSet set = Renumber.toTrainingSet(packed.map(new OneHot(k)), width, k);
      return new Converted(set, k);
    } finally {
      packed.unpersist(false);
    }
  }

  /** The class count a StringIndexer (or any nominal attribute) declared, or 0 if none. */
  static int classesFromMetadata(StructField field) {
    Attribute a = Attribute.fromStructField(field);
    if (a instanceof NominalAttribute n && n.getNumValues().isDefined()) {
      return (Integer) n.getNumValues().get();
    }
    return 0;
  }

  /** A partition's rows: features row after row, and labels. */
  record Packed(int rows, int width, float[] x, int[] labels) implements java.io.Serializable {}

  private static final class Pack
      implements Function2<Integer, Iterator<Row>, Iterator<Packed>> {
    private static final long serialVersionUID = 1L;
    private final String featuresCol;
    private final String labelCol;

    Pack(String featuresCol, String labelCol) {
      this.featuresCol = featuresCol;
      this.labelCol = labelCol;
    }

    @Override
    public Iterator<Packed> call(Integer partition, Iterator<Row> it) {
      int width = -1;
      int n = 0;
      float[] x = new float[0];
      int[] labels = new int[16];
      while (it.hasNext()) {
        Row r = it.next();
        String where = "partition " + partition + ", row " + n + ": column ";
        if (r.isNullAt(0) || r.isNullAt(1)) {
          throw new IllegalArgumentException(where + (r.isNullAt(0) ? featuresCol : labelCol)
              + ": expected a value, found null");
        }
        Vector v = (Vector) r.get(0);
        if (width < 0) {
          width = v.size();
          x = new float[16 * Math.max(1, width)];
        } else if (v.size() != width) {
          throw new IllegalArgumentException(where + featuresCol + ": expected a vector of "
              + width + " values (as the partition's first row), found " + v.size());
        }
        double label = r.getDouble(1);
        if (!(label >= 0 && label == Math.rint(label) && label < Integer.MAX_VALUE)) {
          throw new IllegalArgumentException(where + labelCol + ": expected a class index"
              + " (0, 1, 2, …), found " + label);
        }
        if ((long) (n + 1) * width > x.length) {
          x = Arrays.copyOf(x, (int) Math.min(Integer.MAX_VALUE - 8, 2L * x.length));
          if ((long) (n + 1) * width > x.length) {
            throw new IllegalArgumentException("partition " + partition + " holds more than"
                + " 2^31 feature values; use more partitions (numPartitions)");
          }
        }
        if (n == labels.length) {
          labels = Arrays.copyOf(labels, 2 * n);
        }
        int off = n * width;
        if (v instanceof DenseVector d) {
          double[] vals = d.values();
          for (int i = 0; i < width; i++) {
            x[off + i] = (float) vals[i];
          }
        } else {
          SparseVector s = (SparseVector) v;
          int[] idx = s.indices();
          double[] vals = s.values();
          Arrays.fill(x, off, off + width, 0f);
          for (int i = 0; i < idx.length; i++) {
            x[off + idx[i]] = (float) vals[i];
          }
        }
        for (int i = 0; i < width; i++) {
          if (!Float.isFinite(x[off + i])) {
            throw new IllegalArgumentException(where + featuresCol + ": expected finite values,"
                + " found " + x[off + i] + " at index " + i);
          }
        }
        labels[n++] = (int) label;
      }
      if (n == 0) {
        return Collections.emptyIterator();
      }
      List<Packed> one = List.of(new Packed(n, width, Arrays.copyOf(x, n * width),
          Arrays.copyOf(labels, n)));
      return one.iterator();
    }
  }

  /** {@code [rows, width, max label]} of a packed partition. */
  private static final class Summary implements Function<Packed, long[]> {
    private static final long serialVersionUID = 1L;

    @Override
    public long[] call(Packed p) {
      int max = -1;
      for (int l : p.labels()) {
        max = Math.max(max, l);
      }
      return new long[] {p.rows(), p.width(), max};
    }
  }

  private static final class OneHot implements Function<Packed, ExampleBlock> {
    private static final long serialVersionUID = 1L;
    private final int classes;

    OneHot(int classes) {
      this.classes = classes;
    }

    @Override
    public ExampleBlock call(Packed p) {
      float[] y = new float[p.rows() * classes];
      for (int j = 0; j < p.rows(); j++) {
        y[j * classes + p.labels()[j]] = 1f;
      }
      return new ExampleBlock(0, p.rows(), p.width(), classes, p.x(), y);
    }
  }
}
