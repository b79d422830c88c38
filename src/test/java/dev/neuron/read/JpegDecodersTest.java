package dev.neuron.read;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * TurboJPEG and the JDK's reader give the same pixels (grey: the Y plane; colour: RGB), so the
 * bits of a scoring job do not depend on which one an executor has; the draft decode is a block
 * mean of the full one; without TurboJPEG a draft decode is refused, not approximated.
 */
class JpegDecodersTest {
  /** CI installs libturbojpeg0 (.ci/run): there its absence is a failure, not a skip. */
  private static void needTurbo() {
    if ("true".equals(System.getenv("CI"))) {
      assertNull(TurboJpeg.absence());
    }
    assumeTrue(TurboJpeg.absence() == null, "TurboJPEG absent: " + TurboJpeg.absence());
  }

  /** A {@code side}×{@code side} colour JPEG: smooth gradients plus noise, 4:2:0 chroma. */
  static byte[] colourJpeg(int side, long seed) throws Exception {
    BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_3BYTE_BGR);
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        int r = Math.min(255, x * 255 / side + rnd.nextInt(40));
        int g = Math.min(255, y * 255 / side + rnd.nextInt(40));
        int b = Math.min(255, (x + y) * 127 / side + rnd.nextInt(40));
        img.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(img, "jpeg", out));
    return out.toByteArray();
  }

  static byte[] samples(ImageCodec codec, byte[] jpeg, ImageShape shape,
      ReadSpec.Sizes sizes, int[] size) throws Exception {
    codec.load(new ByteArrayInputStream(jpeg));
    ImageCodec.Pixels p = codec.decode(shape, sizes);
    size[0] = p.width;
    size[1] = p.height;
    byte[] s = new byte[p.width * p.height * 3];
    for (int i = 0; i < p.width * p.height; i++) {
      s[3 * i] = p.data[i * p.stride + p.r];
      s[3 * i + 1] = p.data[i * p.stride + p.g];
      s[3 * i + 2] = p.data[i * p.stride + p.b];
    }
    return s;
  }

  @Test
  void turboAndJdkDecodeToTheSameBits() throws Exception {
    needTurbo();
    try (ImageCodec turbo = new ImageCodec(); ImageCodec jdk = ImageCodec.jdkOnly()) {
      for (int k = 0; k < 4; k++) {
        byte[] jpeg = colourJpeg(40 + 17 * k, k);
        for (ImageShape shape : new ImageShape[] {ImageShape.of(28 * 28),
            ImageShape.of(3 * 28 * 28)}) {
          int[] a = new int[2];
          int[] b = new int[2];
          byte[] t = samples(turbo, jpeg, shape, ReadSpec.Sizes.RESIZE, a);
          byte[] j = samples(jdk, jpeg, shape, ReadSpec.Sizes.RESIZE, b);
          assertArrayEquals(b, a);
          assertArrayEquals(j, t, "image " + k + ", " + shape.planes() + " planes");
        }
      }
    }
  }

  @Test
  void greyFromAColourJpegIsItsLumaNotAChannel() throws Exception {
    byte[] jpeg = colourJpeg(16, 5);
    int[] size = new int[2];
    try (ImageCodec jdk = ImageCodec.jdkOnly()) {
      byte[] grey = samples(jdk, jpeg, ImageShape.of(256), ReadSpec.Sizes.EXACT, size);
      byte[] rgb = samples(jdk, jpeg, ImageShape.of(3 * 256), ReadSpec.Sizes.EXACT, size);
      double luma = 0;
      double red = 0;
      for (int i = 0; i < 256; i++) {
        int y = grey[3 * i] & 0xff;
        luma += Math.abs(y - (0.299 * (rgb[3 * i] & 0xff) + 0.587 * (rgb[3 * i + 1] & 0xff)
            + 0.114 * (rgb[3 * i + 2] & 0xff)));
        red += Math.abs(y - (rgb[3 * i] & 0xff));
      }
      // Y against luma recomputed from the decoded RGB: equal but for rounding and clamping.
      assertTrue(luma / 256 < 1.0, "mean |Y - luma| " + luma / 256);
      assertTrue(red / 256 > 10, "mean |Y - R| " + red / 256);
    }
  }

  @Test
  void draftDecodesAtTheSmallestScaleThatKeepsTheModelsSide() {
    assertArrayEquals(new int[] {28, 28}, TurboJpeg.scaled(224, 224, 28));
    assertArrayEquals(new int[] {28, 28}, TurboJpeg.scaled(112, 112, 28));
    assertArrayEquals(new int[] {50, 38}, TurboJpeg.scaled(100, 75, 28));
    assertArrayEquals(new int[] {29, 57}, TurboJpeg.scaled(225, 450, 28));
    assertArrayEquals(new int[] {30, 30}, TurboJpeg.scaled(30, 30, 28));
    assertArrayEquals(new int[] {20, 20}, TurboJpeg.scaled(20, 20, 28));
  }

  @Test
  void aDraftPixelIsTheMeanOfItsBlockInTheFullDecode() throws Exception {
    needTurbo();
    byte[] jpeg = colourJpeg(224, 9);
    int[] full = new int[2];
    int[] draft = new int[2];
    try (ImageCodec codec = new ImageCodec()) {
      byte[] f = samples(codec, jpeg, ImageShape.of(784), ReadSpec.Sizes.RESIZE, full);
      byte[] d = samples(codec, jpeg, ImageShape.of(784), ReadSpec.Sizes.RESIZE_DRAFT, draft);
      assertArrayEquals(new int[] {224, 224}, full);
      assertArrayEquals(new int[] {28, 28}, draft);
      double worst = 0;
      for (int by = 0; by < 28; by++) {
        for (int bx = 0; bx < 28; bx++) {
          double mean = 0;
          for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
              mean += f[3 * ((8 * by + y) * 224 + 8 * bx + x)] & 0xff;
            }
          }
          worst = Math.max(worst, Math.abs(mean / 64 - (d[3 * (by * 28 + bx)] & 0xff)));
        }
      }
      // The DC coefficient is the block's mean before the full decode's clamping and rounding.
      assertTrue(worst <= 1.5, "largest difference " + worst);
    }
  }

  @Test
  void withoutTurboADraftDecodeIsRefusedNotApproximated() throws Exception {
    try (ImageCodec jdk = ImageCodec.jdkOnly()) {
      jdk.load(new ByteArrayInputStream(colourJpeg(64, 1)));
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> jdk.decode(ImageShape.of(784), ReadSpec.Sizes.RESIZE_DRAFT));
      assertTrue(e.getMessage().startsWith("--resize-draft needs TurboJPEG"), e.getMessage());
    }
  }

  @Test
  void aTruncatedJpegIsAnInvalidRecord() throws Exception {
    needTurbo();
    byte[] jpeg = colourJpeg(64, 2);
    try (ImageCodec codec = new ImageCodec()) {
      codec.load(new ByteArrayInputStream(Arrays.copyOf(jpeg, jpeg.length * 2 / 3)));
      InvalidRecord e = assertThrows(InvalidRecord.class,
          () -> codec.decode(ImageShape.of(784), ReadSpec.Sizes.RESIZE));
      assertEquals(SkipReason.CORRUPT_IMAGE, e.reason());
      assertTrue(e.getMessage().startsWith("not a readable image (corrupt or truncated): "),
          e.getMessage());
    }
  }
}
