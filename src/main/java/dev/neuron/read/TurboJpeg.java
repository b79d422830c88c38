package dev.neuron.read;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * JPEG decoding through libjpeg-turbo's TurboJPEG API (the system's {@code libturbojpeg.so.0},
 * Debian {@code libturbojpeg0}), bound with JNA: the same library Pillow decodes with. On 224×224
 * colour JPEGs, CPU time per image (docs/performance.md): the JDK's ImageIO 321 µs to RGB,
 * TurboJPEG 133 µs to RGB, 88 µs to grey (the Y plane; chroma is not reconstructed), 65 µs to
 * grey at ⅛ scale. Its full-scale output is the JDK's bit for bit (both are libjpeg's integer
 * IDCT, fancy upsampling and colour tables; checked in {@code JpegDecodersTest}).
 *
 * <p>A reduced scale ({@code ½, ¼, ⅛}: libjpeg's {@code scale_denom}, Pillow's {@code draft}) is
 * decoded by a reduced inverse DCT; at ⅛ each pixel is its 8×8 block's mean. The JDK's reader
 * cannot do that (its subsampling drops pixels after a full decode), so it is used only when asked
 * for ({@link ReadSpec.Sizes#RESIZE_DRAFT}).
 *
 * <p>{@link #absence()} says why the library cannot be used (null: it can): it is missing, or it
 * ignores the progressive-scan limit (libjpeg-turbo before 2.1, found by {@link ScanLimit}
 * once per JVM); the reader then falls back to the JDK's decoder with the same pixels, and one
 * warning says why. {@code -Dneuron.jpeg=jdk} forces that. One instance per task: not
 * thread-safe; native buffers are reused and freed by {@link #close()}.
 */
final class TurboJpeg implements AutoCloseable {
  static final String MODE_PROPERTY = "neuron.jpeg";
  private static final int TJPF_RGB = 0;
  private static final int TJPF_GRAY = 6;
  /** TJFLAG_STOPONWARNING: a truncated file is a warning, and must be a corrupt record. */
  static final int STOP_ON_WARNING = 8192;
  /** TJFLAG_LIMITSCANS: at most 500 progressive scans (libjpeg-turbo 2.1+, see {@link #load}). */
  static final int LIMIT_SCANS = 32768;
  private static final int FLAGS = STOP_ON_WARNING | LIMIT_SCANS;
  private static final int TJCS_CMYK = 3;
  private static final String FALLBACK = "; decoding JPEG with the JDK's ImageIO (the same"
      + " pixels, 2-4x the CPU time; --resize-draft is refused)";
  private static final String ABSENCE = load();

  private final Pointer handle = Lib.tjInitDecompress();
  private final Memory header = new Memory(16);
  private Memory in = new Memory(1 << 16);
  private Memory out = new Memory(1 << 16);
  private byte[] samples = new byte[0];

  private static String load() {
    if ("jdk".equals(System.getProperty(MODE_PROPERTY))) {
      return "-D" + MODE_PROPERTY + "=jdk";
    }
    NativeLibrary lib;
    try {
      lib = NativeLibrary.getInstance("turbojpeg");
      Native.register(Lib.class, lib);
    } catch (LinkageError | RuntimeException e) {
      String why = "libturbojpeg not found (Debian: apt-get install libturbojpeg0): "
          + e.getMessage();
      warn(why + FALLBACK);
      return why;
    }
    // Before 2.1 the scan limit is silently ignored, and no function tells the version: try it.
    return check(lib.getFile() == null ? lib.getName() : lib.getFile().getPath(),
        TurboJpeg::decodes, TurboJpeg::warn);
  }

  /**
   * Null when the library at {@code file} honours the scan limit ({@link ScanLimit});
   * otherwise why not, passed to {@code warn} once, with the fallback.
   */
  static String check(String file, ScanLimit.Decoder lib, Consumer<String> warn) {
    String why;
    try {
      why = ScanLimit.refusal(lib, FLAGS, LIMIT_SCANS);
    } catch (LinkageError | RuntimeException e) {
      why = "its scan-limit probe failed: " + e;
    }
    if (why == null) {
      return null;
    }
    why = "libturbojpeg " + file + " not used: " + why;
    warn.accept(why + FALLBACK);
    return why;
  }

  private static void warn(String line) {
    LoggerFactory.getLogger(TurboJpeg.class).warn("{}", line);
  }

  /** Whether the library decodes {@code jpeg} to grey under {@code flags}: the probe's question. */
  static boolean decodes(byte[] jpeg, int flags) {
    try (TurboJpeg t = new TurboJpeg()) {
      int[] wh = t.size(jpeg, jpeg.length);
      t.decode(jpeg.length, wh[0], wh[1], true, new ImageCodec.Pixels(), flags);
      return true;
    } catch (InvalidRecord e) {
      return false;
    }
  }

  /** Why TurboJPEG is not used, or null when it is. */
  static String absence() {
    return ABSENCE;
  }

  TurboJpeg() {
    if (handle == null) {
      throw new IllegalStateException("tjInitDecompress failed");
    }
  }

  /** The JPEG's width and height from its header. @throws InvalidRecord when unreadable */
  int[] size(byte[] buf, int length) {
    copyIn(buf, length);
    if (Lib.tjDecompressHeader3(handle, in, new NativeLong(length), header, header.share(4),
        header.share(8), header.share(12)) != 0) {
      throw corrupt();
    }
    if (header.getInt(12) == TJCS_CMYK || header.getInt(12) == TJCS_CMYK + 1) {
      throw new InvalidRecord(SkipReason.CORRUPT_IMAGE, "image",
          "not a readable image (an unsupported format): a CMYK JPEG");
    }
    return new int[] {header.getInt(0), header.getInt(4)};
  }

  /**
   * Decodes the JPEG last passed to {@link #size} into {@code px} as {@code w × h} pixels, grey
   * or RGB; {@code w × h} is the full size or a scaled one ({@link #scaled}).
   */
  void decode(int length, int w, int h, boolean grey, ImageCodec.Pixels px) {
    decode(length, w, h, grey, px, FLAGS);
  }

  private void decode(int length, int w, int h, boolean grey, ImageCodec.Pixels px, int flags) {
    int bands = grey ? 1 : 3;
    long bytes = (long) w * h * bands;
    if (out.size() < bytes) {
      out.close();
      out = new Memory(bytes);
    }
    if (Lib.tjDecompress2(handle, in, new NativeLong(length), out, w, 0, h,
        grey ? TJPF_GRAY : TJPF_RGB, flags) != 0) {
      throw corrupt();
    }
    if (samples.length < bytes) {
      samples = new byte[(int) bytes];
    }
    out.read(0, samples, 0, (int) bytes);
    px.data = samples;
    px.width = w;
    px.height = h;
    px.stride = bands;
    px.r = 0;
    px.g = grey ? 0 : 1;
    px.b = grey ? 0 : 2;
  }

  /**
   * The size a {@code w × h} JPEG decodes to at the smallest of the scales 1, ½, ¼, ⅛ that keeps
   * both sides at least {@code side}: {@code {w', h'}} with TurboJPEG's rounding up.
   */
  static int[] scaled(int w, int h, int side) {
    for (int denom = 8; denom > 1; denom /= 2) {
      int sw = (w + denom - 1) / denom;
      int sh = (h + denom - 1) / denom;
      if (sw >= side && sh >= side) {
        return new int[] {sw, sh};
      }
    }
    return new int[] {w, h};
  }

  private void copyIn(byte[] buf, int length) {
    if (in.size() < length) {
      in.close();
      in = new Memory(Math.max(length, 2 * in.size()));
    }
    in.write(0, buf, 0, length);
  }

  private InvalidRecord corrupt() {
    return new InvalidRecord(SkipReason.CORRUPT_IMAGE, "image",
        "not a readable image (corrupt or truncated): " + Lib.tjGetErrorStr2(handle));
  }

  @Override
  public void close() {
    Lib.tjDestroy(handle);
    in.close();
    out.close();
    header.close();
  }

  /** TurboJPEG 2.x functions, JNA direct mapping (registered by {@link #load}). */
  private static final class Lib {
    private Lib() {}

    static native Pointer tjInitDecompress();

    static native int tjDecompressHeader3(Pointer handle, Pointer jpeg, NativeLong size,
        Pointer width, Pointer height, Pointer subsamp, Pointer colorspace);

    static native int tjDecompress2(Pointer handle, Pointer jpeg, NativeLong size, Pointer dst,
        int width, int pitch, int height, int pixelFormat, int flags);

    static native String tjGetErrorStr2(Pointer handle);

    static native int tjDestroy(Pointer handle);
  }
}
