package dev.neuron.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The binary layout shared by model and checkpoint files, little-endian throughout:
 *
 * <pre>
 *   magic        8 bytes (ASCII, says what the file is)
 *   version      int32
 *   json length  int32, then that many bytes of UTF-8 JSON (at most 1 MiB)
 *   arrays       int32 count, then per array: int64 length, length × float32
 *   crc32        int32 over every byte before it
 * </pre>
 *
 * Reading checks every length against the bytes that remain before allocating, so a corrupt
 * file fails with a {@link FormatException}, never an out-of-memory.
 */
final class Container {
  static final int VERSION = 1;
  private static final int MAX_JSON = 1 << 20;
  private static final int MAX_ARRAYS = 64;
  private static final ObjectMapper JSON = new ObjectMapper();

  record Contents(JsonNode json, List<float[]> arrays) {}

  private Container() {}

  static void write(OutputStream out, String magic, JsonNode json, List<float[]> arrays)
      throws IOException {
    byte[] text = JSON.writeValueAsBytes(json);
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    head.write(magic.getBytes(StandardCharsets.US_ASCII));
    CRC32 crc = new CRC32();
    ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(VERSION).putInt(text.length).putInt(arrays.size());
    head.write(b.array(), 0, 8);
    head.write(text);
    head.write(b.array(), 8, 4);
    emit(out, crc, head.toByteArray());
    ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] a : arrays) {
      chunk.clear();
      chunk.putLong(a.length);
      for (float v : a) {
        if (!chunk.hasRemaining()) {
          emit(out, crc, chunk.array(), chunk.position());
          chunk.clear();
        }
        chunk.putFloat(v);
      }
      emit(out, crc, chunk.array(), chunk.position());
    }
    ByteBuffer tail = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    out.write(tail.putInt((int) crc.getValue()).array());
  }

  private static void emit(OutputStream out, CRC32 crc, byte[] bytes) throws IOException {
    emit(out, crc, bytes, bytes.length);
  }

  private static void emit(OutputStream out, CRC32 crc, byte[] bytes, int n) throws IOException {
    crc.update(bytes, 0, n);
    out.write(bytes, 0, n);
  }

  static Contents read(Configuration conf, String path, String magic) {
    Path p = new Path(path);
    try {
      FileSystem fs = p.getFileSystem(conf);
      if (!fs.exists(p)) {
        throw new FormatException(path + ": no such file");
      }
      long length = fs.getFileStatus(p).getLen();
      try (FSDataInputStream in = fs.open(p)) {
        return read(in, length, path, magic);
      }
    } catch (IOException e) {
      throw new FormatException(path + ": cannot read: " + e.getMessage(), e);
    }
  }

  static Contents read(InputStream in, long length, String path, String magic) throws IOException {
    Reader r = new Reader(in, length, path);
    String found = new String(r.bytes(8, "magic"), StandardCharsets.ISO_8859_1);
    if (!found.equals(magic)) {
      throw new FormatException(path + ": magic: expected \"" + magic + "\", found \""
          + found.replaceAll("[^\\x20-\\x7e]", "?") + "\"");
    }
    int version = r.int32("version");
    if (version != VERSION) {
      throw new FormatException(path + ": version: expected " + VERSION + ", found " + version);
    }
    int jsonLength = r.int32("json length");
    if (jsonLength < 0 || jsonLength > MAX_JSON) {
      throw new FormatException(path + ": json length: expected 0.." + MAX_JSON + ", found "
          + jsonLength);
    }
    JsonNode json;
    try {
      json = JSON.readTree(r.bytes(jsonLength, "json"));
    } catch (IOException e) {
      throw new FormatException(path + ": json: not valid JSON: " + e.getMessage(), e);
    }
    if (json == null || !json.isObject()) {
      throw new FormatException(path + ": json: expected an object");
    }
    int count = r.int32("array count");
    if (count < 0 || count > MAX_ARRAYS) {
      throw new FormatException(path + ": array count: expected 0.." + MAX_ARRAYS + ", found "
          + count);
    }
    List<float[]> arrays = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      arrays.add(r.floats(i));
    }
    int expected = (int) r.crc.getValue();
    int stored = r.int32("crc32");
    if (stored != expected) {
      throw new FormatException(String.format("%s: crc32: expected %08x, found %08x (the file is"
          + " corrupt)", path, expected, stored));
    }
    if (r.remaining() != 0) {
      throw new FormatException(path + ": " + r.remaining() + " trailing bytes after the crc32");
    }
    return new Contents(json, arrays);
  }

  /** Reads with a running CRC and a byte budget, so no length is trusted before it is checked. */
  private static final class Reader {
    private final InputStream in;
    private final String path;
    private long remaining;
    final CRC32 crc = new CRC32();

    Reader(InputStream in, long length, String path) {
      this.in = in;
      this.remaining = length;
      this.path = path;
    }

    long remaining() {
      return remaining;
    }

    byte[] bytes(int n, String field) throws IOException {
      if (n > remaining) {
        throw new FormatException(path + ": " + field + ": truncated: needs " + n
            + " bytes, the file has " + remaining + " left");
      }
      byte[] b = in.readNBytes(n);
      if (b.length != n) {
        throw new FormatException(path + ": " + field + ": truncated while reading");
      }
      remaining -= n;
      if (!field.equals("crc32")) {
        crc.update(b);
      }
      return b;
    }

    int int32(String field) throws IOException {
      return ByteBuffer.wrap(bytes(4, field)).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    float[] floats(int index) throws IOException {
      String field = "array " + index;
      long n = ByteBuffer.wrap(bytes(8, field + " length")).order(ByteOrder.LITTLE_ENDIAN).getLong();
      if (n < 0 || n > Integer.MAX_VALUE - 8 || n * 4 > remaining - 4) {
        throw new FormatException(path + ": " + field + " length: " + n + " floats do not fit in"
            + " the " + remaining + " bytes left");
      }
      float[] a = new float[(int) n];
      int done = 0;
      while (done < n) {
        int batch = (int) Math.min(1 << 14, n - done);
        ByteBuffer b = ByteBuffer.wrap(bytes(batch * 4, field)).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().get(a, done, batch);
        done += batch;
      }
      return a;
    }
  }
}
