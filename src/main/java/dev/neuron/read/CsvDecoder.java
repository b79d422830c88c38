package dev.neuron.read;

import java.nio.charset.StandardCharsets;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Decodes CSV lines in the MNIST layout, {@code label,pixel0,…,pixel(n−1)} (or the n pixels alone,
 * unlabelled), from rows {@code (line, file)}. A line whose first field is {@code label} is a
 * header and not a record. Integers are parsed straight from the line's bytes; other numbers fall
 * back to {@link Float#parseFloat}.
 */
final class CsvDecoder implements RowDecoder {
  private static final long serialVersionUID = 1L;
  private static final byte[] HEADER = "label".getBytes(StandardCharsets.US_ASCII);
  private final int inputs;
  private final int classes;
  private final float scale;

  CsvDecoder(int inputs, int classes, float scale) {
    this.inputs = inputs;
    this.classes = classes;
    this.scale = scale;
  }

  /**
   * The longest line a record can be: a label and {@code inputs} numbers of at most 32 characters
   * each (a double's longest decimal form is 24) with their commas, and room for spaces. Longer
   * lines are cut by the reader ({@link BoundedLines}) and refused here.
   */
  static int maxLineBytes(int inputs) {
    return (int) Math.min(Integer.MAX_VALUE - 16, 33L * (inputs + 1) + 4096);
  }

  @Override
  public boolean isRecord(InternalRow row) {
    UTF8String line = row.getUTF8String(0);
    return !isHeader(line) && !blank(line);
  }

  @Override
  public int decode(InternalRow row, float[] x, int off) {
    UTF8String line = row.getUTF8String(0);
    if (isHeader(line) || blank(line)) {
      return NOT_A_RECORD;
    }
    Object base = line.getBaseObject();
    long start = line.getBaseOffset();
    int n = line.numBytes();
    if (n > maxLineBytes(inputs)) {
      throw new InvalidRecord(SkipReason.ROW_WIDTH, "line", "expected at most "
          + maxLineBytes(inputs) + " bytes (a label and " + inputs + " numbers), found a longer"
          + " line");
    }
    int fields = 1;
    for (int i = 0; i < n; i++) {
      if (Platform.getByte(base, start + i) == ',') {
        fields++;
      }
    }
    if (fields != inputs + 1 && fields != inputs) {
      throw new InvalidRecord(SkipReason.ROW_WIDTH, "line", "expected " + (inputs + 1)
          + " fields (label and " + inputs + " pixels) or " + inputs + " (pixels alone), found "
          + fields);
    }
    boolean labelled = fields == inputs + 1;
    int label = -1;
    int pos = 0;
    for (int f = 0; f < fields; f++) {
      int end = pos;
      while (end < n && Platform.getByte(base, start + end) != ',') {
        end++;
      }
      int pixel = labelled ? f - 1 : f;
      float v = number(base, start, pos, end, pixel < 0 ? "label" : "pixel" + pixel);
      if (pixel < 0) {
        if (!(v >= 0 && v < classes && v == Math.rint(v))) {
          throw new InvalidRecord(SkipReason.LABEL_OUT_OF_RANGE, "label", "expected a class in 0.."
              + (classes - 1) + " (the model's outputs), found " + text(base, start, pos, end));
        }
        label = (int) v;
      } else {
        x[off + pixel] = v / scale;
      }
      pos = end + 1;
    }
    return label;
  }

  private static float number(Object base, long start, int from, int to, String field) {
    while (from < to && Platform.getByte(base, start + from) == ' ') {
      from++;
    }
    while (to > from && isSpace(Platform.getByte(base, start + to - 1))) {
      to--;
    }
    int v = 0;
    int i = from;
    while (i < to && i - from < 9) {
      byte b = Platform.getByte(base, start + i);
      if (b < '0' || b > '9') {
        break;
      }
      v = v * 10 + (b - '0');
      i++;
    }
    if (i == to && to > from) {
      return v;
    }
    String s = text(base, start, from, to);
    float f;
    try {
      f = Float.parseFloat(s);
    } catch (NumberFormatException e) {
      throw new InvalidRecord(SkipReason.NOT_A_NUMBER, field, "expected a number, found '" + s
          + "'");
    }
    if (!Float.isFinite(f)) {
      throw new InvalidRecord(SkipReason.NOT_FINITE, field, "expected a finite number, found " + s);
    }
    return f;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\r' || b == '\t';
  }

  private static String text(Object base, long start, int from, int to) {
    byte[] b = new byte[to - from];
    Platform.copyMemory(base, start + from, b, Platform.BYTE_ARRAY_OFFSET, b.length);
    return new String(b, StandardCharsets.UTF_8);
  }

  private static boolean isHeader(UTF8String line) {
    if (line.numBytes() < HEADER.length) {
      return false;
    }
    for (int i = 0; i < HEADER.length; i++) {
      int b = Platform.getByte(line.getBaseObject(), line.getBaseOffset() + i) | 0x20;
      if (b != HEADER[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean blank(UTF8String line) {
    for (int i = 0; i < line.numBytes(); i++) {
      if (!isSpace(Platform.getByte(line.getBaseObject(), line.getBaseOffset() + i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String where(InternalRow row, long index) {
    return row.getUTF8String(1) + ": row " + index;
  }
}
