package dev.neuron.read;

import dev.neuron.data.DataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import org.apache.hadoop.conf.Configuration;

/**
 * Streams the IDX records of a partition's ranges {@code [from, to)} into chunks: one image stream
 * and one label stream per range, one reusable byte buffer. Pixels are divided by the scale.
 */
final class IdxChunkReader implements ChunkReader {
  private final IdxDataset data;
  private final Configuration conf;
  private final Iterator<long[]> ranges;
  private final int classes;
  private final float scale;
  private final ReadSpec.Invalid policy;
  private final long[] skipped = new long[SkipReason.values().length];
  private byte[] pixels = new byte[0];
  private final byte[] label = new byte[1];
  private InputStream images;
  private InputStream labels;
  private long next;
  private long end;

  IdxChunkReader(IdxDataset data, Configuration conf, Iterator<long[]> ranges, int classes,
      float scale, ReadSpec.Invalid policy) {
    this.data = data;
    this.conf = conf;
    this.ranges = ranges;
    this.classes = classes;
    this.scale = scale;
    this.policy = policy;
  }

  @Override
  public boolean fill(Chunk c) {
    int inputs = data.features();
    if (c.inputs() != inputs) {
      throw new DataException(data.images().path() + ": header, field rows×cols: expected "
          + c.inputs() + " pixels (the model's input), found " + inputs);
    }
    if (pixels.length != inputs) {
      pixels = new byte[inputs];
    }
    c.cols = 0;
    try {
      while (!c.full() && advance()) {
        long index = next++;
        read(images, pixels, index);
        read(labels, label, index);
        int y = label[0] & 0xff;
        if (y >= classes) {
          if (policy == ReadSpec.Invalid.SKIP) {
            skipped[SkipReason.LABEL_OUT_OF_RANGE.ordinal()]++;
            continue;
          }
          throw data.labelOutOfRange(index, y, classes);
        }
        IdxDataset.pixels(pixels, 0, c.x(), c.cols * inputs, inputs, scale);
        c.labels()[c.cols] = y;
        c.rows()[c.cols] = index;
        c.cols++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(data.images().path() + ": cannot read: " + e.getMessage(), e);
    }
    return c.cols > 0;
  }

  private boolean advance() throws IOException {
    while (next >= end) {
      close();
      if (!ranges.hasNext()) {
        return false;
      }
      long[] r = ranges.next();
      next = r[0];
      end = r[1];
      images = data.images().openAt(conf, next);
      labels = data.labels().openAt(conf, next);
    }
    return true;
  }

  private void read(InputStream in, byte[] dst, long index) throws IOException {
    if (in.readNBytes(dst, 0, dst.length) < dst.length) {
      String file = in == images ? data.images().path() : data.labels().path();
      throw new DataException(file + ": record " + index + ": truncated: the data ends before the"
          + " record");
    }
  }

  private void close() throws IOException {
    if (images != null) {
      images.close();
      labels.close();
      images = null;
      labels = null;
    }
  }

  @Override
  public long[] skipped() {
    return skipped;
  }
}
