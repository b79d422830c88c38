package dev.neuron.read;

import java.io.ByteArrayOutputStream;

/**
 * Whether a TurboJPEG library honours {@code TJFLAG_LIMITSCANS}, found by trying it. The flag
 * makes a decode refuse a progressive JPEG of more than 500 scans: without it, a small hostile
 * file of thousands of scans holds a task's CPU for minutes. libjpeg-turbo added the flag in 2.1;
 * 2.0 exports the same functions (and no version function: {@code tj3*} and a version query are
 * 3.x only) and silently ignores the unknown bit. So the library's behaviour is asked, not its
 * version: it must decode the {@link #jpeg() probe} ({@value #SCANS} valid scans) without the
 * flag, and refuse it with the flag. The only difference between the two decodes is the flag, so
 * the refusal is the scan limit at work, whatever the library's error text.
 */
final class ScanLimitProbe {
  /** Scans in the probe: 64 coefficients × 8 bit planes, past libjpeg-turbo's limit of 500. */
  static final int SCANS = 64 * 8;

  /** What the probe needs of a library: whether it decodes {@code jpeg} under {@code flags}. */
  @FunctionalInterface
  interface Decoder {
    boolean decodes(byte[] jpeg, int flags);
  }

  private ScanLimitProbe() {}

  /**
   * Null when {@code lib} decodes the probe under {@code flags} without {@code limitScans} and
   * refuses it with; otherwise why the library must not be used.
   */
  static String refusal(Decoder lib, int flags, int limitScans) {
    byte[] jpeg = jpeg();
    if (!lib.decodes(jpeg, flags & ~limitScans)) {
      return "it cannot decode the scan-limit probe (a valid progressive JPEG of " + SCANS
          + " scans) even without TJFLAG_LIMITSCANS";
    }
    if (lib.decodes(jpeg, flags | limitScans)) {
      return "it ignores TJFLAG_LIMITSCANS (libjpeg-turbo before 2.1): it decoded a progressive"
          + " JPEG of " + SCANS + " scans, past the limit of 500, so a hostile JPEG of thousands"
          + " of scans could hold a task for minutes";
    }
    return null;
  }

  /**
   * An 8×8 grey progressive JPEG of {@value #SCANS} scans, all pixels 128: every coefficient
   * (the DC, then AC 1 to 63, each a band of its own) is sent as a first scan of bit plane 7 and
   * seven refinement scans down to plane 0. That is a valid progression, so a library that
   * stops on warnings still decodes it. Each coefficient is 0, so each scan's data is one bit:
   * the Huffman code {@code 0} (DC difference 0, or end of band) or a refinement bit 0, padded
   * with ones to the byte {@code 0x7f}. About 5.7 KB, written here rather than stored so its
   * shape is readable.
   */
  static byte[] jpeg() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(12 * SCANS + 128);
    out.write(0xff);
    out.write(0xd8);
    byte[] dqt = new byte[65];
    java.util.Arrays.fill(dqt, 1, 65, (byte) 1);
    segment(out, 0xdb, dqt);
    // SOF2 (progressive, Huffman): 8-bit, 8 high, 8 wide, one component: id 1, 1×1, table 0.
    segment(out, 0xc2, new byte[] {8, 0, 8, 0, 8, 1, 1, 0x11, 0});
    // DC table 0 and AC table 0, each a single code of length 1 for symbol 0.
    byte[] dht = new byte[36];
    dht[0] = 0x00;
    dht[1] = 1;
    dht[18] = 0x10;
    dht[19] = 1;
    segment(out, 0xc4, dht);
    for (int k = 0; k < 64; k++) {
      for (int al = 7; al >= 0; al--) {
        int ah = al == 7 ? 0 : al + 1;
        segment(out, 0xda, new byte[] {1, 1, 0x00, (byte) k, (byte) k, (byte) (ah << 4 | al)});
        out.write(0x7f);
      }
    }
    out.write(0xff);
    out.write(0xd9);
    return out.toByteArray();
  }

  private static void segment(ByteArrayOutputStream out, int marker, byte[] body) {
    out.write(0xff);
    out.write(marker);
    out.write((body.length + 2) >> 8);
    out.write(body.length + 2);
    out.write(body, 0, body.length);
  }
}
