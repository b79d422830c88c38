package dev.neuron.read;

import java.io.ByteArrayOutputStream;

/**
 * The limit of {@value #LIMIT} scans in a JPEG, for both decoders. Each scan of a progressive
 * JPEG is a pass over the whole image's coefficients, and a scan of an empty band costs a few
 * bytes, so a small hostile file of thousands of scans holds a task's CPU for minutes (a 62 KB
 * file of 5,001 scans of a 1024×1024 image: 18 s in the JDK's ImageIO).
 * libjpeg-turbo refuses such a file under {@code TJFLAG_LIMITSCANS}; the JDK's libjpeg has no
 * such limit, so before the JDK decodes a JPEG its scans are counted here ({@link #exceeded}:
 * 7 µs on a 12 KB 224×224 JPEG, against 660 µs for ImageIO's decode).
 *
 * <p>Whether a TurboJPEG library honours the flag is found by trying it. It added the flag in 2.1;
 * 2.0 exports the same functions (and no version function: {@code tj3*} and a version query are
 * 3.x only) and silently ignores the unknown bit. So the library's behaviour is asked, not its
 * version: it must decode the {@link #jpeg(int) probe} ({@value #SCANS} valid scans) without the
 * flag, and refuse it with the flag. The only difference between the two decodes is the flag, so
 * the refusal is the scan limit at work, whatever the library's error text.
 */
final class ScanLimit {
  /** libjpeg-turbo's limit under {@code TJFLAG_LIMITSCANS}: a 501st scan is refused. */
  static final int LIMIT = 500;
  /** Scans in the probe: 64 coefficients × 8 bit planes, past the limit. */
  static final int SCANS = 64 * 8;

  /** What the probe needs of a library: whether it decodes {@code jpeg} under {@code flags}. */
  @FunctionalInterface
  interface Decoder {
    boolean decodes(byte[] jpeg, int flags);
  }

  private ScanLimit() {}

  /**
   * Null when {@code lib} decodes the probe under {@code flags} without {@code limitScans} and
   * refuses it with; otherwise why the library must not be used.
   */
  static String refusal(Decoder lib, int flags, int limitScans) {
    byte[] jpeg = jpeg(SCANS);
    if (!lib.decodes(jpeg, flags & ~limitScans)) {
      return "it cannot decode the scan-limit probe (a valid progressive JPEG of " + SCANS
          + " scans) even without TJFLAG_LIMITSCANS";
    }
    if (lib.decodes(jpeg, flags | limitScans)) {
      return "it ignores TJFLAG_LIMITSCANS (libjpeg-turbo before 2.1): it decoded a progressive"
          + " JPEG of " + SCANS + " scans, past the limit of " + LIMIT + ", so a hostile JPEG of"
          + " thousands of scans could hold a task for minutes";
    }
    return null;
  }

  /**
   * Whether the JPEG in {@code buf[0, length)} has more than {@value #LIMIT} scans (SOS markers).
   * Walks the segments: a marker segment is skipped by its length (its payload may hold any
   * bytes), entropy-coded data byte by byte up to the next marker ({@code 0xff} then neither a
   * stuffed {@code 0x00} nor a restart marker), so only real scan headers are counted. Stops at
   * the end of the image or at the 501st scan.
   */
  static boolean exceeded(byte[] buf, int length) {
    int scans = 0;
    int i = 2;
    while (i + 1 < length) {
      if ((buf[i] & 0xff) != 0xff) {
        i++;
        continue;
      }
      int m = buf[i + 1] & 0xff;
      if (m == 0xff) {
        i++;
      } else if (m == 0x00 || m == 0x01 || (m >= 0xd0 && m <= 0xd7)) {
        i += 2;
      } else if (m == 0xd9) {
        return false;
      } else {
        if (m == 0xda && ++scans > LIMIT) {
          return true;
        }
        if (i + 3 >= length) {
          return false;
        }
        i += 2 + ((buf[i + 2] & 0xff) << 8 | (buf[i + 3] & 0xff));
      }
    }
    return false;
  }

  /**
   * An 8×8 grey progressive JPEG of the first {@code scans} (at most {@value #SCANS}) scans of
   * this progression, all pixels 128 (a progression cut short is valid; the coefficients not
   * sent are 0): every coefficient
   * (the DC, then AC 1 to 63, each a band of its own) is sent as a first scan of bit plane 7 and
   * seven refinement scans down to plane 0. That is a valid progression, so a library that
   * stops on warnings still decodes it. Each coefficient is 0, so each scan's data is one bit:
   * the Huffman code {@code 0} (DC difference 0, or end of band) or a refinement bit 0, padded
   * with ones to the byte {@code 0x7f}. At {@value #SCANS} scans, 5.7 KB, written here rather
   * than stored so its shape is readable.
   */
  static byte[] jpeg(int scans) {
    if (scans < 1 || scans > SCANS) {
      throw new IllegalArgumentException("expected 1 to " + SCANS + " scans, found " + scans);
    }
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
    for (int n = 0; n < scans; n++) {
      int k = n / 8;
      int al = 7 - n % 8;
      int ah = al == 7 ? 0 : al + 1;
      segment(out, 0xda, new byte[] {1, 1, 0x00, (byte) k, (byte) k, (byte) (ah << 4 | al)});
      out.write(0x7f);
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
