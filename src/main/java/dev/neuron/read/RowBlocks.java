package dev.neuron.read;

import dev.neuron.data.ExampleBlock;
import dev.neuron.data.Renumber;
import dev.neuron.data.TrainingSet;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;

/**
 * A DataFrame's features (vector) and label columns as a cached training set, one block per
 * partition, reading the rows once: each partition packs its rows into one flat features array
 * and one flat label array, checking every row (vector width, finite values, for a classifier a
 * class index, for a regressor a number or a vector of one width; a weight, when a weight column
 * is given, finite and at least 0) and naming the partition and row of the first bad one (the
 * Spark ML stages and the CLI's table input, {@link TableTargets}, convert here alike); a small job
 * then collects the widths and the largest label; finally
 * class labels become one-hot targets (real targets stay as they are) and the blocks are numbered
 * in partition order ({@link Renumber}).
 */
public final class RowBlocks {
  private RowBlocks() {}

  /** The training set and its target width: the class count, or the regression outputs. */
  public record Converted(TrainingSet set, int outputs) {}

  /** What the label column holds. */
  enum Labels {
    /** A class index, made one-hot. */
    CLASS_INDEX,
    /** Real targets: a number, or a vector with one number per output. */
    VALUES
  }

  /**
   * @param classes the class count when already known (a validation set takes its training set's),
   *     else 0: from the label's metadata, else the largest label + 1
   */
  public static Converted convert(Dataset<?> data, String featuresCol, String labelCol,
      String weightCol, int partitions, int classes) {
    if (classes == 0) {
      classes = classesFromMetadata(data.schema().apply(labelCol));
    }
    JavaRDD<PackRows.Packed> packed = pack(select(data, featuresCol,
        functions.col(labelCol).cast("double"), weightCol), featuresCol, labelCol, weightCol,
        partitions, Labels.CLASS_INDEX);
    try {
      int[] widths = widths(packed, featuresCol, labelCol);
      int width = widths[0];
      int maxLabel = widths[2];
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

  /**
   * Real targets: a numeric label column (one output) or a vector column (one output per value).
   *
   * @param outputs the target width when already known (a validation set takes its training
   *     set's), else 0
   */
  public static Converted convertTargets(Dataset<?> data, String featuresCol, String labelCol,
      String weightCol, int partitions, int outputs) {
    JavaRDD<PackRows.Packed> packed = pack(select(data, featuresCol,
        Columns.isVector(data.schema(), labelCol) ? functions.col(labelCol)
            : functions.col(labelCol).cast("double"), weightCol), featuresCol, labelCol,
        weightCol, partitions, Labels.VALUES);
    try {
      int[] widths = widths(packed, featuresCol, labelCol);
      if (outputs > 0 && widths[1] != outputs) {
        throw new IllegalArgumentException("column " + labelCol + ": expected " + outputs
            + " target values per row (as the training rows), found " + widths[1]);
      }
      TrainingSet set = Renumber.toTrainingSet(packed.map(new Targets()), widths[0],
          widths[1]);
      return new Converted(set, widths[1]);
    } finally {
      packed.unpersist(false);
    }
  }

  /** (features, label[, weight as double]); {@code weightCol} empty: no weight column. */
  private static Dataset<Row> select(Dataset<?> data, String featuresCol, Column label,
      String weightCol) {
    if (weightCol.isEmpty()) {
      return data.select(functions.col(featuresCol), label);
    }
    Columns.requireWeight(data.schema(), weightCol);
    return data.select(functions.col(featuresCol), label,
        functions.col(weightCol).cast("double"));
  }

  private static JavaRDD<PackRows.Packed> pack(Dataset<Row> rows, String featuresCol, String labelCol,
      String weightCol, int partitions, Labels labels) {
    int have = rows.rdd().getNumPartitions();
    if (have > partitions) {
      rows = rows.coalesce(partitions);
    } else if (have < partitions) {
      rows = rows.repartition(partitions);
    }
    JavaRDD<PackRows.Packed> packed = rows.javaRDD().mapPartitionsWithIndex(
        new PackRows(featuresCol, labelCol, weightCol, labels), true);
    packed.persist(StorageLevel.MEMORY_ONLY());
    return packed;
  }

  /** {@code [feature width, target width, largest label]} over all partitions, checked alike. */
  private static int[] widths(JavaRDD<PackRows.Packed> packed, String featuresCol, String labelCol) {
    int width = -1;
    int targets = -1;
    int maxLabel = -1;
    for (long[] s : packed.map(new Summary()).collect()) {
      if (s[0] == 0) {
        continue;
      }
      if (width >= 0 && width != s[1]) {
        throw new IllegalArgumentException("column " + featuresCol + ": expected vectors of one"
            + " size, found sizes " + width + " and " + s[1] + " in different partitions");
      }
      if (targets >= 0 && targets != s[3]) {
        throw new IllegalArgumentException("column " + labelCol + ": expected vectors of one"
            + " size, found sizes " + targets + " and " + s[3] + " in different partitions");
      }
      width = (int) s[1];
      targets = (int) s[3];
      maxLabel = Math.max(maxLabel, (int) s[2]);
    }
    if (width < 0) {
      packed.unpersist(false);
      throw new IllegalArgumentException("expected at least one training row, found none");
    }
    return new int[] {width, targets, maxLabel};
  }

  /** The class count a StringIndexer (or any nominal attribute) declared, or 0 if none. */
  static int classesFromMetadata(StructField field) {
    Attribute a = Attribute.fromStructField(field);
    if (a instanceof NominalAttribute n && n.getNumValues().isDefined()) {
      return (Integer) n.getNumValues().get();
    }
    return 0;
  }

  /** {@code [rows, width, max label, target width]} of a packed partition. */
  private static final class Summary implements Function<PackRows.Packed, long[]> {
    private static final long serialVersionUID = 1L;

    @Override
    public long[] call(PackRows.Packed p) {
      float max = -1;
      for (float l : p.labels()) {
        max = Math.max(max, l);
      }
      return new long[] {p.rows(), p.width(), (long) max, p.targets()};
    }
  }

  private static final class OneHot implements Function<PackRows.Packed, ExampleBlock> {
    private static final long serialVersionUID = 1L;
    private final int classes;

    OneHot(int classes) {
      this.classes = classes;
    }

    @Override
    public ExampleBlock call(PackRows.Packed p) {
      float[] y = new float[p.rows() * classes];
      for (int j = 0; j < p.rows(); j++) {
        y[j * classes + (int) p.labels()[j]] = 1f;
      }
      return new ExampleBlock(0, p.rows(), p.width(), classes, p.x(), y, p.weights());
    }
  }

  private static final class Targets implements Function<PackRows.Packed, ExampleBlock> {
    private static final long serialVersionUID = 1L;

    @Override
    public ExampleBlock call(PackRows.Packed p) {
      return new ExampleBlock(0, p.rows(), p.width(), p.targets(), p.x(), p.labels(),
          p.weights());
    }
  }
}
