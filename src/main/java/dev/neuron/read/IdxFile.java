package dev.neuron.read;

import dev.neuron.data.DataException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The header of one IDX file (big-endian, as in LeCun's MNIST distribution), plain or gzip: magic
 * {@code 0x00000801} for labels (one unsigned byte a record) or {@code 0x00000803} for images
 * ({@code rows × cols} unsigned bytes a record). {@link #open} validates the header and that the
 * (decompressed) length matches it.
 */
public record IdxFile(String path, boolean images, long count, int rows, int cols, boolean gzip)
    implements java.io.Serializable {
  static final int LABELS_MAGIC = 0x00000801;
  static final int IMAGES_MAGIC = 0x00000803;

  /** Bytes per record: 1 for labels, {@code rows·cols} for images. */
  public int recordSize() {
    return images ? rows * cols : 1;
  }

  /** Deflate's largest expansion: 258 bytes from about 2 bits, so at most ~1032-fold. */
  static final long MAX_GZIP_RATIO = 1032;

  int headerSize() {
    return images ? 16 : 8;
  }

  /** Opens and validates the header; the path is qualified so executors resolve it alike. */
  public static IdxFile open(Configuration conf, String path) {
    try {
      Path given = new Path(path);
      FileSystem fs = given.getFileSystem(conf);
      if (!fs.exists(given)) {
        throw new DataException(path + ": no such file");
      }
      Path p = fs.makeQualified(given);
      path = p.toString();
      long length = fs.getFileStatus(p).getLen();
      boolean gzip;
      try (FSDataInputStream raw = fs.open(p)) {
        gzip = length >= 2 && raw.read() == 0x1f && raw.read() == 0x8b;
      }
      try (DataInputStream in = new DataInputStream(stream(fs, p, gzip))) {
        int magic = readHeaderInt(in, path, "magic");
        if (magic != LABELS_MAGIC && magic != IMAGES_MAGIC) {
          throw new DataException(String.format("%s: header, field magic: expected 0x%08x (labels)"
              + " or 0x%08x (images), found 0x%08x", path, LABELS_MAGIC, IMAGES_MAGIC, magic));
        }
        boolean images = magic == IMAGES_MAGIC;
        long count = Integer.toUnsignedLong(readHeaderInt(in, path, "count"));
        int rows = images ? readHeaderInt(in, path, "rows") : 1;
        int cols = images ? readHeaderInt(in, path, "cols") : 1;
        if (rows <= 0 || cols <= 0 || (long) rows * cols > 1 << 24) {
          throw new DataException(path + ": header, field rows×cols: expected a positive image size"
              + " of at most 2^24 pixels, found " + rows + "×" + cols);
        }
        IdxFile f = new IdxFile(path, images, count, rows, cols, gzip);
        long expected = f.headerSize() + count * f.recordSize();
        if (gzip) {
          // The decompressed length is only known by decompressing; one pass on the driver is the
          // price of never trusting a count before allocating for it. Deflate expands at most
          // MAX_GZIP_RATIO-fold, so a count the file cannot hold is refused before decompressing,
          // and decompression stops one byte past the declared records (a small file may
          // decompress to far more).
          long body = expected - f.headerSize();
          if (body > MAX_GZIP_RATIO * length + (1 << 16)) {
            throw new DataException(String.format("%s: truncated: header declares %d records of %d"
                + " bytes (%d bytes decompressed), more than a gzip file of %d bytes can hold",
                path, count, f.recordSize(), expected, length));
          }
          long data = 0;
          byte[] buf = new byte[1 << 16];
          for (int r = 0; data <= body && r >= 0; data += Math.max(r, 0)) {
            r = in.read(buf, 0, (int) Math.min(buf.length, body + 1 - data));
          }
          length = f.headerSize() + data;
          if (data > body) {
            throw new DataException(String.format("%s: trailing bytes: header declares %d records"
                + " of %d bytes, so the decompressed file should be %d bytes, found more (stopped"
                + " decompressing there)", path, count, f.recordSize(), expected));
          }
        }
        if (length != expected) {
          throw new DataException(String.format("%s: %s: header declares %d records of %d bytes, so"
              + " the %sfile should be %d bytes, found %d", path,
              length < expected ? "truncated" : "trailing bytes", count, f.recordSize(),
              gzip ? "decompressed " : "", expected, length));
        }
        return f;
      }
    } catch (IOException e) {
      throw new DataException(path + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** A stream positioned at the first byte of record {@code record}. */
  public InputStream openAt(Configuration conf, long record) throws IOException {
    Path p = new Path(path);
    FileSystem fs = p.getFileSystem(conf);
    long offset = headerSize() + record * recordSize();
    if (!gzip) {
      FSDataInputStream in = fs.open(p);
      in.seek(offset);
      return new BufferedInputStream(in, 1 << 16);
    }
    InputStream in = stream(fs, p, true);
    in.skipNBytes(offset);
    return in;
  }

  /** Reads {@code n} records from {@code from} into {@code dst}, one unsigned byte per value. */
  public void readRecords(Configuration conf, long from, int n, byte[] dst) {
    try (InputStream in = openAt(conf, from)) {
      int read = in.readNBytes(dst, 0, n * recordSize());
      if (read < n * recordSize()) {
        throw new DataException(path + ": record " + (from + read / recordSize())
            + ": truncated: the header declares " + count + " records, the data ends before");
      }
    } catch (EOFException e) {
      throw new DataException(path + ": truncated before record " + from, e);
    } catch (IOException e) {
      throw new DataException(path + ": cannot read records " + from + ".." + (from + n) + ": "
          + e.getMessage(), e);
    }
  }

  private static InputStream stream(FileSystem fs, Path p, boolean gzip) throws IOException {
    InputStream in = fs.open(p);
    return gzip ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16)
        : new BufferedInputStream(in, 1 << 16);
  }

  private static int readHeaderInt(DataInputStream in, String path, String field) {
    try {
      return in.readInt();
    } catch (IOException e) {
      throw new DataException(path + ": header, field " + field
          + ": truncated: the file ends inside the IDX header");
    }
  }
}
