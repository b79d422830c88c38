package dev.neuron.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Both JPEG decoders refuse a JPEG of more than 500 scans, the CPU-exhaustion case. A TurboJPEG
 * library is used only when it honours that limit: libjpeg-turbo before 2.1 accepts
 * {@code TJFLAG_LIMITSCANS} and ignores it, so it is told apart by its behaviour on a JPEG of
 * more scans than the limit, and then left for the JDK's decoder with one warning naming the
 * library file (what {@link TurboJpeg#check} returns is the library's {@link
 * TurboJpeg#absence()}, which sends every JPEG to the JDK's reader). An old library is simulated
 * honestly: the installed one with the flag's bit dropped, which is what 2.0 does with a bit it
 * does not know.
 */
class ScanLimitTest {
  private static final String OLD = "/usr/lib/x86_64-linux-gnu/libturbojpeg.so.0.2.0-old";

  /** CI installs libturbojpeg0 (.ci/run): there its absence is a failure, not a skip. */
  private static void needTurbo() {
    if ("true".equals(System.getenv("CI"))) {
      assertNull(TurboJpeg.absence());
    }
    assumeTrue(TurboJpeg.absence() == null, "TurboJPEG absent: " + TurboJpeg.absence());
  }

  @Test
  void theProbeIsAValidGreyJpegOfMoreScansThanTheLimit() throws Exception {
    byte[] jpeg = ScanLimit.jpeg(ScanLimit.SCANS);
    int sos = 0;
    for (int i = 0; i + 1 < jpeg.length; i++) {
      sos += (jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == 0xda ? 1 : 0;
    }
    assertEquals(512, sos);
    assertTrue(sos > ScanLimit.LIMIT, "libjpeg-turbo's limit is 500 scans");
    // The JDK's libjpeg (no scan limit) reads it too: the probe is a JPEG, not a corrupt file.
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(jpeg));
    assertEquals(8, img.getWidth());
    assertEquals(8, img.getHeight());
    int[] px = img.getRaster().getPixels(0, 0, 8, 8, (int[]) null);
    assertEquals(64, px.length);
    for (int p : px) {
      assertEquals(128, p);
    }
  }

  @Test
  void theJdksDecoderStopsWhereTurboJpegDoes() throws Exception {
    byte[][] files = {ScanLimit.jpeg(ScanLimit.LIMIT), ScanLimit.jpeg(ScanLimit.LIMIT + 1)};
    try (ImageCodec jdk = ImageCodec.jdkOnly()) {
      assertEquals(8, decode(jdk, files[0]).width);
      InvalidRecord e = assertThrows(InvalidRecord.class, () -> decode(jdk, files[1]));
      assertEquals(SkipReason.CORRUPT_IMAGE, e.reason());
      assertTrue(e.getMessage().endsWith("a JPEG of more than 500 scans"), e.getMessage());
    }
    needTurbo();
    try (ImageCodec turbo = new ImageCodec()) {
      assertEquals(8, decode(turbo, files[0]).width);
      InvalidRecord e = assertThrows(InvalidRecord.class, () -> decode(turbo, files[1]));
      assertEquals(SkipReason.CORRUPT_IMAGE, e.reason());
    }
  }

  @Test
  void onlyRealScanHeadersAreCounted() throws Exception {
    byte[] few = ScanLimit.jpeg(10);
    // A comment segment holding 600 scan markers' bytes: payload, skipped by its length.
    byte[] comment = new byte[4 + 1200];
    comment[0] = (byte) 0xff;
    comment[1] = (byte) 0xfe;
    comment[2] = (byte) (1202 >> 8);
    comment[3] = (byte) 1202;
    for (int i = 4; i < comment.length; i += 2) {
      comment[i] = (byte) 0xff;
      comment[i + 1] = (byte) 0xda;
    }
    byte[] padded = new byte[few.length + comment.length];
    System.arraycopy(few, 0, padded, 0, 2);
    System.arraycopy(comment, 0, padded, 2, comment.length);
    System.arraycopy(few, 2, padded, 2 + comment.length, few.length - 2);
    assertFalse(ScanLimit.exceeded(padded, padded.length));
    try (ImageCodec jdk = ImageCodec.jdkOnly()) {
      assertEquals(8, decode(jdk, padded).width);
    }
    byte[] baseline = JpegDecodersTest.colourJpeg(64, 3);
    assertFalse(ScanLimit.exceeded(baseline, baseline.length));
    assertFalse(ScanLimit.exceeded(ScanLimit.jpeg(500), ScanLimit.jpeg(500).length));
    assertTrue(ScanLimit.exceeded(ScanLimit.jpeg(501), ScanLimit.jpeg(501).length));
  }

  private static ImageCodec.Pixels decode(ImageCodec codec, byte[] jpeg) throws Exception {
    codec.load(new ByteArrayInputStream(jpeg));
    return codec.decode(ImageShape.of(64), ReadSpec.Sizes.EXACT);
  }

  @Test
  void theInstalledLibraryRefusesTheProbeOnlyUnderTheFlag() {
    needTurbo();
    byte[] jpeg = ScanLimit.jpeg(ScanLimit.SCANS);
    assertTrue(TurboJpeg.decodes(jpeg, TurboJpeg.STOP_ON_WARNING));
    assertFalse(TurboJpeg.decodes(jpeg, TurboJpeg.STOP_ON_WARNING | TurboJpeg.LIMIT_SCANS));
    List<String> warnings = new ArrayList<>();
    assertNull(TurboJpeg.check("libturbojpeg.so.0", TurboJpeg::decodes, warnings::add));
    assertEquals(List.of(), warnings);
  }

  @Test
  void aLibraryThatIgnoresTheFlagIsNotUsed() {
    needTurbo();
    ScanLimit.Decoder old = (jpeg, flags) -> TurboJpeg.decodes(jpeg,
        flags & ~TurboJpeg.LIMIT_SCANS);
    List<String> warnings = new ArrayList<>();
    String why = TurboJpeg.check(OLD, old, warnings::add);
    assertNotNull(why, "a library that ignores TJFLAG_LIMITSCANS was accepted");
    assertTrue(why.contains(OLD) && why.contains("ignores TJFLAG_LIMITSCANS"), why);
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).startsWith("libturbojpeg " + OLD + " not used: it ignores")
        && warnings.get(0).contains("decoding JPEG with the JDK's ImageIO"), warnings.get(0));
  }

  @Test
  void aLibraryThatDecodesEverythingOrNothingOrThrowsIsNotUsed() {
    // Fakes, so these run without the library too.
    List<String> warnings = new ArrayList<>();
    assertTrue(TurboJpeg.check(OLD, (jpeg, flags) -> true, warnings::add).contains("ignores"));
    assertTrue(TurboJpeg.check(OLD, (jpeg, flags) -> false, warnings::add)
        .contains("cannot decode"));
    assertTrue(TurboJpeg.check(OLD, (jpeg, flags) -> {
      throw new UnsatisfiedLinkError("tjDecompress2");
    }, warnings::add).contains("probe failed"));
    assertEquals(3, warnings.size(), warnings.toString());
  }
}
