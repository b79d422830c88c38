package dev.neuron.read;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Iterator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.util.LineReader;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Tuple2;

/**
 * Text lines as Spark's text source splits them (Hadoop's line breaks, a split's first partial
 * line left to the split before, compressed files whole, a leading UTF-8 byte-order mark
 * dropped), except that a line is stored only up to {@value #MAX_BYTES} + 1 bytes: the rest is
 * read past without being kept. A file without line breaks then costs time in proportion to its
 * size and the memory of one bounded line, and the decoder refuses the cut line by its length
 * (Spark's own reader holds any line whole, up to 2 GB, before anything can look at it).
 */
public final class BoundedLines extends FileInputFormat<LongWritable, Text> {
  /** The Hadoop setting with the longest line kept whole, in bytes. */
  public static final String MAX_BYTES = "neuron.read.max_line_bytes";

  @Override
  protected boolean isSplitable(JobContext context, Path file) {
    return new CompressionCodecFactory(context.getConfiguration()).getCodec(file) == null;
  }

  @Override
  public RecordReader<LongWritable, Text> createRecordReader(InputSplit split,
      TaskAttemptContext context) {
    return new Reader();
  }

  private static final class Reader extends RecordReader<LongWritable, Text> {
    private final LongWritable key = new LongWritable();
    private final Text value = new Text();
    private InputStream stream;
    private LineReader in;
    private int max;
    private long start;
    private long pos;
    private long end;

    @Override
    public void initialize(InputSplit generic, TaskAttemptContext context) throws IOException {
      FileSplit split = (FileSplit) generic;
      Configuration conf = context.getConfiguration();
      max = conf.getInt(MAX_BYTES, Integer.MAX_VALUE - 1);
      Path file = split.getPath();
      FSDataInputStream raw = file.getFileSystem(conf).open(file);
      CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(file);
      start = split.getStart();
      end = start + split.getLength();
      if (codec != null) {
        stream = codec.createInputStream(raw);
        end = Long.MAX_VALUE;
      } else {
        raw.seek(start);
        stream = raw;
      }
      in = new LineReader(stream, conf);
      if (start != 0) {
        start += in.readLine(new Text(), 0, Integer.MAX_VALUE);
      }
      pos = start;
    }

    @Override
    public boolean nextKeyValue() throws IOException {
      if (pos > end) {
        return false;
      }
      key.set(pos);
      int n = in.readLine(value, max + 1, Integer.MAX_VALUE);
      if (n == 0) {
        return false;
      }
      if (pos == 0 && value.getLength() >= 3 && (value.getBytes()[0] & 0xff) == 0xef
          && (value.getBytes()[1] & 0xff) == 0xbb && (value.getBytes()[2] & 0xff) == 0xbf) {
        value.set(Arrays.copyOfRange(value.getBytes(), 3, value.getLength()));
      }
      pos += n;
      return true;
    }

    @Override
    public LongWritable getCurrentKey() {
      return key;
    }

    @Override
    public Text getCurrentValue() {
      return value;
    }

    @Override
    public float getProgress() {
      return end == Long.MAX_VALUE || end == start ? 0f
          : Math.min(1f, (pos - start) / (float) (end - start));
    }

    @Override
    public void close() throws IOException {
      if (stream != null) {
        stream.close();
      }
    }
  }

  /** A split's lines as rows {@code (line, file)}, the layout the CSV decoder reads. */
  static final class Rows implements Function2<InputSplit, Iterator<Tuple2<LongWritable, Text>>,
      Iterator<InternalRow>> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<InternalRow> call(InputSplit split, Iterator<Tuple2<LongWritable, Text>> lines) {
      return new RowIterator(lines, UTF8String.fromString(((FileSplit) split).getPath().toString()));
    }
  }

  /** Copies each line out of Hadoop's reused buffer. */
  private static final class RowIterator implements Iterator<InternalRow> {
    private final Iterator<Tuple2<LongWritable, Text>> lines;
    private final UTF8String file;

    RowIterator(Iterator<Tuple2<LongWritable, Text>> lines, UTF8String file) {
      this.lines = lines;
      this.file = file;
    }

    @Override
    public boolean hasNext() {
      return lines.hasNext();
    }

    @Override
    public InternalRow next() {
      Text t = lines.next()._2();
      return new GenericInternalRow(new Object[] {
          UTF8String.fromBytes(Arrays.copyOf(t.getBytes(), t.getLength())), file});
    }
  }
}
