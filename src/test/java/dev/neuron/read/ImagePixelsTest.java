package dev.neuron.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Colour to grey, colour planes and resampling against values computed by hand. */
class ImagePixelsTest {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

  private static ImageCodec.Pixels grey(int w, int h, int... v) {
    ImageCodec.Pixels p = new ImageCodec.Pixels();
    p.data = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      p.data[i] = (byte) v[i];
    }
    p.width = w;
    p.height = h;
    p.stride = 1;
    return p;
  }

  private static float[] convert(ImageCodec.Pixels p, int planes, int side) {
    float[] x = new float[planes * side * side + 1];
    new ImagePixels().convert(p, planes, side, side, 1f, x, 1);
    return java.util.Arrays.copyOfRange(x, 1, x.length);
  }

  /** Encodes {@code img} in {@code format} and decodes it through the reader's codec. */
  private static ImageCodec.Pixels decoded(BufferedImage img, String format) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, format, out);
    ImageCodec codec = new ImageCodec();
    codec.load(new java.io.ByteArrayInputStream(out.toByteArray()));
    return codec.decode(new ImageShape(3, -1, 0), ReadSpec.Sizes.RESIZE);
  }

  @Test
  void shrinkingAveragesAreasWeightedByOverlap() {
    // 3 → 2: output 0 covers source [0, 1.5): weights 1/1.5 and 0.5/1.5; output 1 mirrors it.
    // (0·1·1 + 30·1·.5 + 90·.5·1 + 120·.5·.5) / 2.25 = 40, and likewise 80, 160, 200.
    assertArrayEquals(new float[] {40, 80, 160, 200},
        convert(grey(3, 3, 0, 30, 60, 90, 120, 150, 180, 210, 240), 1, 2), 1e-4f);
    // 4 → 2: the mean of each 2×2 block.
    assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f}, convert(grey(4, 4,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), 1, 2), 1e-5f);
  }

  @Test
  void shrinkingByWholeFactorsIsTheBlockMean() {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
    for (int[] c : new int[][] {{224, 28}, {24, 8}, {6, 2}}) {
      int n = c[0];
      int m = c[1];
      int[] v = new int[n * n];
      for (int i = 0; i < v.length; i++) {
        v[i] = rnd.nextInt(256);
      }
      float[] x = new float[m * m];
      new ImagePixels().convert(grey(n, n, v), 1, m, m, 255f, x, 0);
      int f = n / m;
      for (int r = 0; r < m; r++) {
        for (int col = 0; col < m; col++) {
          int sum = 0;
          for (int y = r * f; y < (r + 1) * f; y++) {
            for (int xx = col * f; xx < (col + 1) * f; xx++) {
              sum += v[y * n + xx];
            }
          }
          // The mean of each f×f block (float rounding aside for f = 3).
          assertEquals((double) sum / (f * f) / 255, x[r * m + col], 1e-6, n + " → " + m);
        }
      }
    }
  }

  @Test
  void enlargingInterpolatesBilinearlyWithCentresAligned() {
    // 2 → 3: sources (i + ½)·2/3 − ½ = −⅙ (clamped to 0), ½, 7/6 (clamped to 1).
    assertArrayEquals(new float[] {0, 30, 60, 60, 90, 120, 120, 150, 180},
        convert(grey(2, 2, 0, 60, 120, 180), 1, 3), 1e-4f);
  }

  @Test
  void colourBecomesLumaOrThreePlanes() throws Exception {
    BufferedImage rgb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
    rgb.setRGB(0, 0, (200 << 16) | (100 << 8) | 50);
    rgb.setRGB(1, 0, (10 << 16) | (20 << 8) | 30);
    for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR,
        BufferedImage.TYPE_INT_RGB}) {
      BufferedImage img = new BufferedImage(2, 1, type);
      img.getGraphics().drawImage(rgb, 0, 0, null);
      ImageCodec.Pixels p = decoded(img, "png");
      float[] x = new float[2];
      new ImagePixels().convert(p, 1, 1, 2, 1f, x, 0);
      // 0.299·200 + 0.587·100 + 0.114·50 = 124.2; 0.299·10 + 0.587·20 + 0.114·30 = 18.15
      assertArrayEquals(new float[] {124.2f, 18.15f}, x, 1e-4f);
      float[] planes = new float[6];
      new ImagePixels().convert(p, 3, 1, 2, 1f, planes, 0);
      assertArrayEquals(new float[] {200, 10, 100, 20, 50, 30}, planes);
    }
  }

  @Test
  void progressiveJpegsDecode() throws Exception {
    BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        img.getRaster().setSample(x, y, 0, 100);
      }
    }
    javax.imageio.ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
    javax.imageio.ImageWriteParam param = w.getDefaultWriteParam();
    param.setProgressiveMode(javax.imageio.ImageWriteParam.MODE_DEFAULT);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (javax.imageio.stream.MemoryCacheImageOutputStream s =
        new javax.imageio.stream.MemoryCacheImageOutputStream(out)) {
      w.setOutput(s);
      w.write(null, new javax.imageio.IIOImage(img, null, null), param);
    }
    ImageCodec codec = new ImageCodec();
    codec.load(new java.io.ByteArrayInputStream(out.toByteArray()));
    float[] x = new float[4];
    new ImagePixels().convert(codec.decode(ImageShape.of(256), ReadSpec.Sizes.RESIZE), 1, 2, 2, 1f, x, 0);
    for (float v : x) {
      assertEquals(100f, v, 2f);
    }
  }

  /**
   * Corrupted PNG and JPEG bytes (random bytes overwritten, or cut short) decode or are refused
   * as invalid records, never another exception, and never allocate more than 64 MB of heap.
   */
  @Test
  void corruptedFilesAreInvalidRecordsNothingElse() throws Exception {
    BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_3BYTE_BGR);
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(11);
    for (int y = 0; y < 28; y++) {
      for (int x = 0; x < 28; x++) {
        img.setRGB(x, y, rnd.nextInt(1 << 24));
      }
    }
    ImageCodec codec = new ImageCodec();
    ImagePixels pixels = new ImagePixels();
    float[] x = new float[784];
    int refused = 0;
    for (String format : new String[] {"png", "jpeg"}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(img, format, out);
      byte[] good = out.toByteArray();
      for (int trial = 0; trial < 1000; trial++) {
        byte[] bad = trial % 3 == 0
            ? java.util.Arrays.copyOf(good, 1 + rnd.nextInt(good.length - 1)) : good.clone();
        for (int k = 0; k < 1 + rnd.nextInt(4) && trial % 3 != 0; k++) {
          bad[rnd.nextInt(Math.min(bad.length, 200))] = (byte) rnd.nextInt(256);
        }
        codec.load(new java.io.ByteArrayInputStream(bad));
        long before = THREADS.getCurrentThreadAllocatedBytes();
        try {
          pixels.convert(codec.decode(ImageShape.of(784), ReadSpec.Sizes.RESIZE), 1, 28, 28,
              255f, x, 0);
        } catch (InvalidRecord e) {
          refused++;
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 64 << 20, format + " trial " + trial + ": " + allocated + " bytes");
      }
    }
    assertTrue(refused > 0, "some corrupted files must be refused");
  }

  @Test
  void palettePngsGoThroughTheirColourModel() throws Exception {
    BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_INDEXED);
    img.setRGB(0, 0, 0xff0000);
    ImageCodec.Pixels p = decoded(img, "png");
    float[] x = new float[3];
    new ImagePixels().convert(p, 3, 1, 1, 1f, x, 0);
    assertArrayEquals(new float[] {255, 0, 0}, x);
  }

  @Test
  void greyAtTheModelsSizeIsTheBytesDividedByTheScale() {
    float[] x = new float[4];
    new ImagePixels().convert(grey(2, 2, 0, 1, 128, 255), 1, 2, 2, 255f, x, 0);
    assertArrayEquals(new float[] {0f / 255f, 1f / 255f, 128f / 255f, 255f / 255f}, x);
    assertEquals(3 * 28 * 28, ImageShape.of(3 * 28 * 28).inputs());
    assertEquals(3, ImageShape.of(3 * 28 * 28).planes());
    assertEquals(1, ImageShape.of(784).planes());
    assertEquals(-1, ImageShape.of(10).side());
  }
}
