package dev.neuron.read;

import dev.neuron.data.HadoopConf;
import java.util.Iterator;
import org.apache.spark.sql.catalyst.InternalRow;

/** The {@link ReaderFactory}s: Spark rows through a decoder, IDX record ranges, image files. */
final class Readers {
  private Readers() {}

  /** Rows of a table, CSV lines or images; {@code firstRows[p]}: partition p's first row index. */
  static final class Rows implements ReaderFactory<InternalRow> {
    private static final long serialVersionUID = 1L;
    private final RowDecoder decoder;
    private final ReadSpec.Invalid policy;
    private final ReadSpec.Labels labels;
    private final long[] firstRows;

    Rows(RowDecoder decoder, ReadSpec.Invalid policy, ReadSpec.Labels labels, long[] firstRows) {
      this.decoder = decoder;
      this.policy = policy;
      this.labels = labels;
      this.firstRows = firstRows;
    }

    @Override
    public ChunkReader open(int partition, Iterator<InternalRow> rows) {
      return new RowChunkReader(rows, decoder, policy, labels,
          firstRows == null ? -1 : firstRows[partition]);
    }
  }

  /** IDX record ranges {@code [from, to)}, read by the executor from the files. */
  static final class Idx implements ReaderFactory<long[]> {
    private static final long serialVersionUID = 1L;
    private final IdxDataset data;
    private final HadoopConf conf;
    private final int classes;
    private final float scale;
    private final ReadSpec.Invalid policy;

    Idx(IdxDataset data, HadoopConf conf, int classes, float scale, ReadSpec.Invalid policy) {
      this.data = data;
      this.conf = conf;
      this.classes = classes;
      this.scale = scale;
      this.policy = policy;
    }

    @Override
    public ChunkReader open(int partition, Iterator<long[]> ranges) {
      return new IdxChunkReader(data, conf.get(), ranges, classes, scale, policy);
    }
  }

  /** Groups of image files ({@link ImageFiles}), read and decoded by the executor. */
  static final class Images implements ReaderFactory<String> {
    private static final long serialVersionUID = 1L;
    private final HadoopConf conf;
    private final ImageRead how;

    Images(HadoopConf conf, ImageRead how) {
      this.conf = conf;
      this.how = how;
    }

    @Override
    public ChunkReader open(int partition, Iterator<String> groups) {
      return new ImageChunkReader(conf.get(), groups, how);
    }
  }
}
