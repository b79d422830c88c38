package dev.neuron.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import org.junit.jupiter.api.Test;

/**
 * The PNG fast path gives ImageIO's samples bit for bit for every colour type it takes (the
 * writer's adaptive filters exercise all five row filters), leaves other PNGs to ImageIO, and
 * refuses a file whose CRC or data is wrong as a corrupt image.
 */
class PngDecoderTest {
  /** Noise on a gradient, so that rows differ and the writer picks varied filters. */
  private static BufferedImage image(BufferedImage img, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int w = img.getWidth();
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < w; x++) {
        int v = (x * 255 / w + rnd.nextInt(rnd.nextBoolean() ? 3 : 90)) & 0xff;
        int argb = (rnd.nextInt(256) << 24) | (v << 16) | ((255 - v) << 8) | rnd.nextInt(256);
        img.setRGB(x, y, argb);
      }
    }
    return img;
  }

  private static byte[] png(BufferedImage img) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(img, "png", out));
    return out.toByteArray();
  }

  private static BufferedImage greyAlpha(int w, int h) {
    return ImageTypeSpecifier.createGrayscale(8, DataBuffer.TYPE_BYTE, true, false)
        .createBufferedImage(w, h);
  }

  @Test
  void everyColourTypeDecodesToImageIosSamples() throws Exception {
    int[][] sizes = {{1, 1}, {28, 28}, {37, 13}, {5, 64}};
    int[] types = {BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_3BYTE_BGR,
        BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_BYTE_INDEXED, -1};
    PngDecoder fast = new PngDecoder();
    try (ImageCodec jdk = ImageCodec.jdkOnly(); ImageCodec codec = new ImageCodec()) {
      for (int type : types) {
        for (int[] s : sizes) {
          BufferedImage img = type < 0 ? greyAlpha(s[0], s[1])
              : new BufferedImage(s[0], s[1], type);
          byte[] file = png(image(img, 31L * s[0] + type));
          assertArrayEquals(new int[] {s[0], s[1]}, fast.header(file, file.length));
          assertTrue(fast.handles(), "type " + type);
          int[] a = new int[2];
          int[] b = new int[2];
          ImageShape colour = new ImageShape(3, -1, 0);
          byte[] want = JpegDecodersTest.samples(jdk, file, colour, ReadSpec.Sizes.RESIZE, a);
          byte[] got = JpegDecodersTest.samples(codec, file, colour, ReadSpec.Sizes.RESIZE, b);
          assertArrayEquals(a, b);
          assertArrayEquals(want, got, "type " + type + ", " + s[0] + "×" + s[1]);
        }
      }
    }
    fast.close();
  }

  @Test
  void aHeaderDeclaringMoreThanTheDataCanHoldIsRefusedBeforeAllocating() throws Exception {
    byte[] file = png(image(new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY), 6));
    java.nio.ByteBuffer.wrap(file).putInt(16, 5000).putInt(20, 5000);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(file, 12, 17);
    java.nio.ByteBuffer.wrap(file).putInt(29, (int) crc.getValue());
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    PngDecoder fast = new PngDecoder();
    assertArrayEquals(new int[] {5000, 5000}, fast.header(file, file.length));
    long before = threads.getCurrentThreadAllocatedBytes();
    InvalidRecord e = assertThrows(InvalidRecord.class,
        () -> fast.decode(file, file.length, new ImageCodec.Pixels()));
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertTrue(e.getMessage().contains("the header declares 5000×5000 pixels, more than"),
        e.getMessage());
    assertTrue(allocated < 1 << 20, allocated + " bytes allocated");
    fast.close();
  }

  /**
   * An 8-bit palette image whose PLTE has fewer entries than its pixels index (2 entries, indices
   * up to 5): whatever ImageIO makes of the indices past the end, the fast path makes the same, or
   * both refuse the file.
   */
  @Test
  void indicesPastAShortPaletteDecodeAsImageIoDecodesThem() throws Exception {
    int w = 6;
    java.io.ByteArrayOutputStream rows = new java.io.ByteArrayOutputStream();
    for (int y = 0; y < 2; y++) {
      rows.write(0); // filter: none
      for (int x = 0; x < w; x++) {
        rows.write(x);
      }
    }
    java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream();
    file.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    BadInputTest.chunk(file, "IHDR", java.nio.ByteBuffer.allocate(13).putInt(w).putInt(2)
        .put((byte) 8).put((byte) 3).put((byte) 0).put((byte) 0).put((byte) 0).array());
    BadInputTest.chunk(file, "PLTE", new byte[] {10, 20, 30, (byte) 200, (byte) 210, (byte) 220});
    java.util.zip.Deflater deflater = new java.util.zip.Deflater();
    deflater.setInput(rows.toByteArray());
    deflater.finish();
    byte[] z = new byte[256];
    int n = deflater.deflate(z);
    BadInputTest.chunk(file, "IDAT", java.util.Arrays.copyOf(z, n));
    BadInputTest.chunk(file, "IEND", new byte[0]);
    byte[] png = file.toByteArray();
    PngDecoder fast = new PngDecoder();
    fast.header(png, png.length);
    assertTrue(fast.handles());
    fast.close();
    ImageShape colour = new ImageShape(3, -1, 0);
    try (ImageCodec jdk = ImageCodec.jdkOnly(); ImageCodec codec = new ImageCodec()) {
      byte[] want;
      try {
        want = JpegDecodersTest.samples(jdk, png, colour, ReadSpec.Sizes.EXACT, new int[2]);
      } catch (Exception refused) {
        assertThrows(Exception.class, () -> JpegDecodersTest.samples(codec, png, colour,
            ReadSpec.Sizes.EXACT, new int[2]), "ImageIO refused: " + refused);
        return;
      }
      assertArrayEquals(want, JpegDecodersTest.samples(codec, png, colour, ReadSpec.Sizes.EXACT,
          new int[2]));
    }
  }

  @Test
  void sixteenBitPngsAreLeftToImageIo() throws Exception {
    BufferedImage img = new BufferedImage(4, 3, BufferedImage.TYPE_USHORT_GRAY);
    img.getRaster().setSample(1, 1, 0, 40_000);
    byte[] file = png(img);
    PngDecoder fast = new PngDecoder();
    fast.header(file, file.length);
    assertFalse(fast.handles());
    fast.close();
    try (ImageCodec codec = new ImageCodec()) {
      int[] size = new int[2];
      byte[] s = JpegDecodersTest.samples(codec, file, new ImageShape(1, -1, 12),
          ReadSpec.Sizes.EXACT, size);
      assertArrayEquals(new int[] {4, 3}, size);
      // Through ImageIO's colour model (16-bit grey is linear): bright where it was set, else 0.
      assertTrue((s[3 * 5] & 0xff) > 200, "pixel (1, 1): " + (s[3 * 5] & 0xff));
      assertEquals(0, s[0]);
    }
  }

  @Test
  void aWrongCrcOrCutDataIsACorruptImage() throws Exception {
    byte[] file = png(image(new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY), 4));
    byte[] flipped = file.clone();
    flipped[50] ^= 1;
    byte[] cut = java.util.Arrays.copyOf(file, file.length - 20);
    PngDecoder fast = new PngDecoder();
    for (byte[] bad : new byte[][] {flipped, cut}) {
      fast.header(bad, bad.length);
      InvalidRecord e = assertThrows(InvalidRecord.class,
          () -> fast.decode(bad, bad.length, new ImageCodec.Pixels()));
      assertEquals(SkipReason.CORRUPT_IMAGE, e.reason());
      assertTrue(e.getMessage().startsWith("not a readable image (corrupt or truncated PNG): "),
          e.getMessage());
    }
    fast.close();
  }
}
