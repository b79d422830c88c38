package dev.neuron.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * A TurboJPEG library is used only when it honours the progressive-scan limit: libjpeg-turbo
 * before 2.1 accepts {@code TJFLAG_LIMITSCANS} and ignores it, so it is told apart by its
 * behaviour on a JPEG of more scans than the limit, and then left for the JDK's decoder with one
 * warning naming the library file (what {@link TurboJpeg#check} returns is the library's
 * {@link TurboJpeg#absence()}, which sends every JPEG to the JDK's reader). An old library is
 * simulated honestly: the installed one with the flag's bit dropped, which is what 2.0 does with
 * a bit it does not know.
 */
class ScanLimitProbeTest {
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
    byte[] jpeg = ScanLimitProbe.jpeg();
    int sos = 0;
    for (int i = 0; i + 1 < jpeg.length; i++) {
      sos += (jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == 0xda ? 1 : 0;
    }
    assertEquals(512, sos);
    assertTrue(sos > 500, "libjpeg-turbo's limit is 500 scans");
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
  void theInstalledLibraryRefusesTheProbeOnlyUnderTheFlag() {
    needTurbo();
    byte[] jpeg = ScanLimitProbe.jpeg();
    assertTrue(TurboJpeg.decodes(jpeg, TurboJpeg.STOP_ON_WARNING));
    assertFalse(TurboJpeg.decodes(jpeg, TurboJpeg.STOP_ON_WARNING | TurboJpeg.LIMIT_SCANS));
    List<String> warnings = new ArrayList<>();
    assertNull(TurboJpeg.check("libturbojpeg.so.0", TurboJpeg::decodes, warnings::add));
    assertEquals(List.of(), warnings);
  }

  @Test
  void aLibraryThatIgnoresTheFlagIsNotUsed() {
    needTurbo();
    ScanLimitProbe.Decoder old = (jpeg, flags) -> TurboJpeg.decodes(jpeg,
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
