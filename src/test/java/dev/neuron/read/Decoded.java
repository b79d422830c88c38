package dev.neuron.read;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.Function2;

/** Test helper: runs a data set's chunk readers and brings the decoded examples to the driver. */
final class Decoded {
  /**
   * One decoded example: row index (−1 if none), file name (or null), label, features. A class,
   * not a record: Spark's Kryo cannot build records.
   */
  static final class Example implements Serializable {
    private static final long serialVersionUID = 1L;
    private final long row;
    private final String name;
    private final int label;
    private final float[] x;

    Example(long row, String name, int label, float[] x) {
      this.row = row;
      this.name = name;
      this.label = label;
      this.x = x;
    }

    long row() {
      return row;
    }

    String name() {
      return name;
    }

    int label() {
      return label;
    }

    float[] x() {
      return x;
    }
  }

  private Decoded() {}

  static <T> List<Example> collect(Examples<T> data) {
    return data.partitions().mapPartitionsWithIndex(new Collect<>(data.readers(), data.inputs(),
        data.ids()), false).collect();
  }

  private static final class Collect<T> implements Function2<Integer, Iterator<T>,
      Iterator<Example>> {
    private static final long serialVersionUID = 1L;
    private final ReaderFactory<T> readers;
    private final int inputs;
    private final ReadSpec.Ids ids;

    Collect(ReaderFactory<T> readers, int inputs, ReadSpec.Ids ids) {
      this.readers = readers;
      this.inputs = inputs;
      this.ids = ids;
    }

    @Override
    public Iterator<Example> call(Integer partition, Iterator<T> records) {
      ChunkReader reader = readers.open(partition, records);
      Chunk c = new Chunk(inputs, 7, ids);
      List<Example> out = new ArrayList<>();
      while (reader.fill(c)) {
        for (int j = 0; j < c.cols(); j++) {
          float[] x = new float[inputs];
          System.arraycopy(c.x(), j * inputs, x, 0, inputs);
          out.add(new Example(c.rows()[j], c.names() == null ? null : c.names()[j],
              c.labels()[j], x));
        }
      }
      return out.iterator();
    }
  }
}
