package dev.neuron.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.data.DataException;
import dev.neuron.data.ExampleBlock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
  private static final Configuration CONF = new Configuration();
  @TempDir Path dir;

  /** Three 2×2 images with pixels 0, 51, 102, 255 (shifted per image) and labels 2, 0, 1. */
  private static byte[] images(int count, int magic) {
    ByteBuffer b = ByteBuffer.allocate(16 + count * 4).putInt(magic).putInt(count).putInt(2)
        .putInt(2);
    for (int i = 0; i < count; i++) {
      b.put((byte) i).put((byte) 51).put((byte) 102).put((byte) 255);
    }
    return b.array();
  }

  private static byte[] labels(int... values) {
    ByteBuffer b = ByteBuffer.allocate(8 + values.length).putInt(0x801).putInt(values.length);
    for (int v : values) {
      b.put((byte) v);
    }
    return b.array();
  }

  private String write(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p.toString();
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  @Test
  void readsPixelsOverTwoFiftyFiveAndOneHotLabels() throws IOException {
    IdxDataset d = IdxDataset.open(CONF, write("i", images(3, 0x803)), write("l", labels(2, 0, 1)));
    assertEquals(3, d.count());
    assertEquals(4, d.features());
    ExampleBlock b = d.read(CONF, 1, 2, 3);
    assertEquals(1, b.start());
    assertArrayEquals(new float[] {1 / 255f, 0.2f, 0.4f, 1f, 2 / 255f, 0.2f, 0.4f, 1f}, b.x());
    assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0}, b.y());
  }

  @Test
  void gzipReadsTheSameAsPlain() throws IOException {
    IdxDataset plain = IdxDataset.open(CONF, write("i", images(3, 0x803)), write("l", labels(2, 0, 1)));
    IdxDataset gz = IdxDataset.open(CONF, write("i.gz", gzip(images(3, 0x803))),
        write("l.gz", gzip(labels(2, 0, 1))));
    assertTrue(gz.images().gzip());
    assertArrayEquals(plain.read(CONF, 0, 3, 3).x(), gz.read(CONF, 0, 3, 3).x());
    assertArrayEquals(plain.read(CONF, 2, 1, 3).y(), gz.read(CONF, 2, 1, 3).y());
  }

  @Test
  void findsMnistNamesPlainOrGzipped() throws IOException {
    write("train-images-idx3-ubyte.gz", gzip(images(3, 0x803)));
    write("train-labels-idx1-ubyte", labels(2, 0, 1));
    assertEquals(3, IdxDataset.inDirectory(CONF, dir.toString(), "train").count());
    DataException e = assertThrows(DataException.class,
        () -> IdxDataset.inDirectory(CONF, dir.toString(), "t10k"));
    assertTrue(e.getMessage().endsWith("no file t10k-images-idx3-ubyte or t10k-images-idx3-ubyte.gz"),
        e.getMessage());
  }

  @Test
  void rejectsWrongMagic() throws IOException {
    String path = write("i", images(3, 0x804));
    DataException e = assertThrows(DataException.class, () -> IdxFile.open(CONF, path));
    assertTrue(e.getMessage().contains("field magic: expected 0x00000801 (labels) or 0x00000803"
        + " (images), found 0x00000804"), e.getMessage());
    assertTrue(e.getMessage().contains(path), e.getMessage());
  }

  @Test
  void rejectsTruncatedPlainFile() throws IOException {
    byte[] full = images(3, 0x803);
    String path = write("i", java.util.Arrays.copyOf(full, full.length - 1));
    DataException e = assertThrows(DataException.class, () -> IdxFile.open(CONF, path));
    assertTrue(e.getMessage().contains("truncated: header declares 3 records of 4 bytes, so the"
        + " file should be 28 bytes, found 27"), e.getMessage());
  }

  @Test
  void rejectsTruncatedGzipBeforeReadingRecords() throws IOException {
    byte[] full = images(3, 0x803);
    String path = write("i.gz", gzip(java.util.Arrays.copyOf(full, full.length - 2)));
    DataException e = assertThrows(DataException.class, () -> IdxFile.open(CONF, path));
    assertTrue(e.getMessage().contains("truncated: header declares 3 records of 4 bytes, so the"
        + " decompressed file should be 28 bytes, found 26"), e.getMessage());
  }

  @Test
  void rejectsTruncatedHeader() throws IOException {
    String path = write("i", new byte[] {0, 0, 8, 3, 0, 0});
    DataException e = assertThrows(DataException.class, () -> IdxFile.open(CONF, path));
    assertTrue(e.getMessage().contains("field count: truncated"), e.getMessage());
  }

  @Test
  void rejectsCountMismatch() throws IOException {
    String i = write("i", images(3, 0x803));
    String l = write("l", labels(2, 0));
    DataException e = assertThrows(DataException.class, () -> IdxDataset.open(CONF, i, l));
    assertEquals(IdxFile.open(CONF, i).path() + " holds 3 images but " + IdxFile.open(CONF, l).path()
        + " holds 2 labels", e.getMessage());
  }

  @Test
  void rejectsSwappedFiles() throws IOException {
    String i = write("i", images(3, 0x803));
    String l = write("l", labels(2, 0, 1));
    DataException e = assertThrows(DataException.class, () -> IdxDataset.open(CONF, l, i));
    assertTrue(e.getMessage().contains("expected an image file"), e.getMessage());
  }

  @Test
  void rejectsLabelOutsideTheClasses() throws IOException {
    IdxDataset d = IdxDataset.open(CONF, write("i", images(3, 0x803)), write("l", labels(2, 7, 1)));
    DataException e = assertThrows(DataException.class, () -> d.read(CONF, 0, 3, 3));
    assertTrue(e.getMessage().endsWith(
        "record 1, field label: expected a class in 0..2 (the model's outputs), found 7"),
        e.getMessage());
  }

  @Test
  void rejectsMissingFile() {
    DataException e = assertThrows(DataException.class,
        () -> IdxFile.open(CONF, dir.resolve("nope").toString()));
    assertTrue(e.getMessage().endsWith("nope: no such file"), e.getMessage());
  }
}
