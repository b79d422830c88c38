package dev.neuron.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.neuron.data.DataException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.Deflater;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PNG files made to cost memory: a tall image under {@code --resize}, a large header padded with a
 * private chunk, a tiny 16-bit file the ImageIO fallback would allocate in full, and palettes
 * that ImageIO refuses. Each is one skipped record under {@link ReadSpec.Invalid#SKIP}, or a
 * {@link DataException} naming the file, with a bounded allocation.
 */
class HostilePngTest {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

  /** A PNG: IHDR with these fields, then {@code chunks} as (type, data) pairs, then IEND. */
  static byte[] png(int w, int h, int depth, int colourType, int interlace, Object... chunks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    BadInputTest.chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h)
        .put((byte) depth).put((byte) colourType).put((byte) 0).put((byte) 0)
        .put((byte) interlace).array());
    for (int i = 0; i < chunks.length; i += 2) {
      BadInputTest.chunk(out, (String) chunks[i], (byte[]) chunks[i + 1]);
    }
    BadInputTest.chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  /** {@code n} zero bytes, deflated (streamed: never held whole). */
  static byte[] deflatedZeros(long n) {
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
    byte[] zeros = new byte[1 << 20];
    byte[] z = new byte[1 << 16];
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (long left = n; left > 0; ) {
      int k = (int) Math.min(left, zeros.length);
      d.setInput(zeros, 0, k);
      left -= k;
      while (!d.needsInput()) {
        out.write(z, 0, d.deflate(z));
      }
    }
    d.finish();
    while (!d.finished()) {
      out.write(z, 0, d.deflate(z));
    }
    d.end();
    return out.toByteArray();
  }

  /** Reads {@code file} (written under {@code dir/3/}) as one image; the skips by reason. */
  static long[] read(Path dir, String name, byte[] file, int inputs, ReadSpec.Sizes sizes,
      ReadSpec.Invalid invalid) throws Exception {
    Path folder = dir.resolve("3");
    Files.createDirectories(folder);
    Files.write(folder.resolve(name), file);
    ChunkReader reader = new ImageChunkReader(new Configuration(),
        List.of(folder.toUri().toString().replaceAll("/$", "") + ImageFiles.SEP + name).iterator(),
        new ImageRead(ImageShape.of(inputs), 10, 255f, sizes, invalid, ReadSpec.Labels.REQUIRED));
    Chunk c = new Chunk(inputs, 4, ReadSpec.Ids.ROW_INDEX);
    while (reader.fill(c)) {
      assertEquals(0, c.cols, "no image should decode");
    }
    return reader.skipped();
  }

  @Test
  void aTallPngUnderResizeIsOneSkippedRecordWithBoundedMemory(@TempDir Path tmp)
      throws Exception {
    int h = 1 << 25;
    byte[] tall = png(1, h, 8, 0, 0, "IDAT", deflatedZeros(2L * h));
    assertTrue(tall.length < 200_000, tall.length + " bytes");
    for (int inputs : new int[] {28 * 28, 64 * 64}) {
      long before = THREADS.getCurrentThreadAllocatedBytes();
      long[] skipped = read(tmp.resolve("skip" + inputs), "tall.png", tall, inputs,
          ReadSpec.Sizes.RESIZE, ReadSpec.Invalid.SKIP);
      long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
      assertEquals(1, skipped[SkipReason.IMAGE_TOO_LARGE.ordinal()], "side " + inputs);
      // The decoded samples themselves (2^25 bytes plus the filter bytes) and no more than that
      // again: not the 3.5 GiB of a 2^25 × 28 float buffer.
      assertTrue(allocated < 3L * h, allocated + " bytes allocated");
      String msg = assertThrows(DataException.class, () -> read(tmp.resolve("fail" + inputs),
          "tall.png", tall, inputs, ReadSpec.Sizes.RESIZE, ReadSpec.Invalid.FAIL)).getMessage();
      assertTrue(msg.contains("3/tall.png, field image: ") && msg.contains("1×33554432"), msg);
    }
  }

  @Test
  void aLargeHeaderPaddedWithAPrivateChunkIsRefusedBeforeAllocating() {
    byte[] padded = png(5792, 5792, 8, 6, 0, "prVt", new byte[130_000],
        "IDAT", deflatedZeros(100));
    PngDecoder fast = new PngDecoder();
    fast.header(padded, padded.length);
    long before = THREADS.getCurrentThreadAllocatedBytes();
    InvalidRecord e = assertThrows(InvalidRecord.class,
        () -> fast.decode(padded, padded.length, new ImageCodec.Pixels()));
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
    fast.close();
    assertTrue(e.getMessage().contains("the header declares 5792×5792 pixels"), e.getMessage());
    assertTrue(allocated < 1 << 20, allocated + " bytes allocated");
  }

  @Test
  void theImageIoFallbackRefusesAHeaderItsDataCannotFill(@TempDir Path tmp) throws Exception {
    byte[] sixteen = png(5792, 5792, 16, 6, 0, "IDAT", deflatedZeros(100));
    byte[] interlaced = png(5792, 5792, 8, 2, 1, "IDAT", deflatedZeros(100));
    byte[] oneBit = png(5792, 5792, 1, 0, 0, "IDAT", deflatedZeros(100));
    for (byte[] file : new byte[][] {sixteen, interlaced, oneBit}) {
      try (ImageCodec codec = new ImageCodec()) {
        codec.load(new java.io.ByteArrayInputStream(file));
        long before = THREADS.getCurrentThreadAllocatedBytes();
        InvalidRecord e = assertThrows(InvalidRecord.class,
            () -> codec.decode(ImageShape.of(784), ReadSpec.Sizes.RESIZE));
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertEquals(SkipReason.CORRUPT_IMAGE, e.reason(), e.getMessage());
        assertTrue(allocated < 4 << 20, allocated + " bytes allocated");
      }
    }
    long[] skipped = read(tmp, "sixteen.png", sixteen, 784, ReadSpec.Sizes.RESIZE,
        ReadSpec.Invalid.SKIP);
    assertEquals(1, skipped[SkipReason.CORRUPT_IMAGE.ordinal()]);
  }

  /** A 2×1 palette image with these PLTE chunks: pixel indices 0 and 1. */
  private static byte[] palette(byte[]... plte) {
    Deflater d = new Deflater();
    d.setInput(new byte[] {0, 0, 1});
    d.finish();
    byte[] z = new byte[64];
    byte[] idat = java.util.Arrays.copyOf(z, d.deflate(z));
    d.end();
    Object[] chunks = new Object[2 * plte.length + 2];
    for (int i = 0; i < plte.length; i++) {
      chunks[2 * i] = "PLTE";
      chunks[2 * i + 1] = plte[i];
    }
    chunks[2 * plte.length] = "IDAT";
    chunks[2 * plte.length + 1] = idat;
    return png(2, 1, 8, 3, 0, chunks);
  }

  @Test
  void theFastPathAndImageIoAgreeOnBadPalettes() throws Exception {
    byte[] six = {10, 20, 30, 40, 50, 60};
    byte[][] cases = {
        palette(six), // well formed
        palette(six, six), // two PLTE chunks: ImageIO warns, so corrupt
        palette(new byte[3 * 257]), // more than 256 entries: ImageIO warns, so corrupt
        palette(new byte[] {10, 20, 30, 40, 50, 60, 70}), // not a multiple of 3
        palette(new byte[0])}; // no entries
    // Whatever ImageIO makes of each, the fast path makes the same, or both refuse it.
    ImageShape colour = new ImageShape(3, -1, 0);
    for (int i = 0; i < cases.length; i++) {
      byte[] file = cases[i];
      try (ImageCodec jdk = ImageCodec.jdkOnly(); ImageCodec fast = new ImageCodec()) {
        byte[] want;
        try {
          want = JpegDecodersTest.samples(jdk, file, colour, ReadSpec.Sizes.EXACT, new int[2]);
        } catch (InvalidRecord refused) {
          InvalidRecord e = assertThrows(InvalidRecord.class, () -> JpegDecodersTest.samples(fast,
              file, colour, ReadSpec.Sizes.EXACT, new int[2]), "case " + i + ": ImageIO refused: "
              + refused.getMessage());
          assertEquals(SkipReason.CORRUPT_IMAGE, e.reason());
          continue;
        }
        assertArrayEquals(want, JpegDecodersTest.samples(fast, file, colour, ReadSpec.Sizes.EXACT,
            new int[2]));
      }
    }
  }
}
