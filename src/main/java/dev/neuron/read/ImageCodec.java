package dev.neuron.read;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Reads one PNG or JPEG file's bytes and decodes them with the JDK's ImageIO, one reader per
 * format made once per task and reused (ImageIO's {@code ImageIO.read} looks the reader up and, by default,
 * spools every image through a temporary file: 14× slower on 28×28 PNGs, docs/performance.md).
 * Limits are checked before anything is allocated for them: the file's length while reading
 * ({@link #MAX_BYTES}) and the header's width × height ({@link #MAX_PIXELS}) before decoding, so
 * a PNG declaring 100,000 × 100,000 pixels costs 33 bytes of reading; a JPEG's scans are
 * counted before ImageIO decodes it ({@link ScanLimit}). A decoder warning (a
 * truncated JPEG decodes to grey with a warning) makes the image corrupt.
 *
 * <p>The result is a {@link Pixels} view: byte samples with a pixel stride and the offsets of R, G
 * and B (all three the same for grey). 8-bit grey, grey + alpha, RGB, RGBA, BGR(A) decode without
 * a copy; other layouts (palette, 16-bit) go through {@link BufferedImage#getRGB}. Alpha is
 * ignored. Not thread-safe: one per task.
 */
final class ImageCodec implements AutoCloseable {
  /** Largest declared image accepted: 2^25 pixels (e.g. 5792 × 5792; 100 MB of RGB samples). */
  static final long MAX_PIXELS = 1L << 25;
  /** Largest file accepted: 64 MiB. */
  static final int MAX_BYTES = 1 << 26;

  /** A decoded image's samples, valid until the next decode. */
  static final class Pixels {
    byte[] data;
    int width;
    int height;
    int stride;
    int r;
    int g;
    int b;

    boolean grey() {
      return r == g && g == b;
    }
  }

  /** Native decoders (PNG's zlib stream, TurboJPEG's handle) made and not yet closed, JVM-wide. */
  private static final java.util.concurrent.atomic.AtomicInteger OPEN_NATIVE =
      new java.util.concurrent.atomic.AtomicInteger();

  private final Pixels out = new Pixels();
  private byte[] buf = new byte[1 << 16];
  private byte[] rgb = new byte[0];
  private int length;
  private ImageReader png;
  private ImageReader jpeg;
  private String warning;
  private TurboJpeg turbo;
  private PngDecoder pngDecoder;
  private final boolean jdkOnly;

  ImageCodec() {
    this(false);
  }

  private ImageCodec(boolean jdkOnly) {
    this.jdkOnly = jdkOnly;
  }

  /** Native decoders made and not yet closed in this JVM: a leak check. */
  static int openNative() {
    return OPEN_NATIVE.get();
  }

  /** A codec that decodes with the JDK's ImageIO only (no {@link PngDecoder}, no TurboJPEG). */
  static ImageCodec jdkOnly() {
    return new ImageCodec(true);
  }

  /** Reads {@code in} whole (closing it) into the reusable buffer; false: over the limit. */
  boolean load(InputStream in) throws IOException {
    try (in) {
      length = 0;
      while (true) {
        if (length == buf.length) {
          if (buf.length > MAX_BYTES) {
            return false;
          }
          buf = java.util.Arrays.copyOf(buf, Math.min(2 * buf.length, MAX_BYTES + 1));
        }
        int n = in.read(buf, length, buf.length - length);
        if (n < 0) {
          return true;
        }
        length += n;
      }
    }
  }

  /**
   * Decodes the loaded bytes for a model input of {@code shape}: with {@link ReadSpec.Sizes#EXACT}
   * an image of another size is refused before it is decoded; a JPEG for a grey input is decoded
   * to its luma plane (Y; for an RGB-coded JPEG libjpeg's 0.299 R + 0.587 G + 0.114 B), by
   * TurboJPEG when it is there ({@link TurboJpeg}), else by the JDK's reader, to the same bits.
   *
   * @throws InvalidRecord not an image, corrupt, over the limits, or of the wrong size
   */
  Pixels decode(ImageShape shape, ReadSpec.Sizes sizes) {
    if (length == 0) {
      throw new InvalidRecord(SkipReason.NOT_AN_IMAGE, "image", "an empty file (0 bytes)");
    }
    boolean jpegFile = length >= 3 && (buf[0] & 0xff) == 0xff && (buf[1] & 0xff) == 0xd8;
    if (isPng()) {
      if (pngDecoder == null) {
        pngDecoder = new PngDecoder();
        OPEN_NATIVE.incrementAndGet();
      }
      int[] wh = pngDecoder.header(buf, length);
      check(wh[0], wh[1], shape.side(), sizes);
      // Before ImageIO's reader too, which allocates its destination from the header alone.
      pngDecoder.checkDataFits(buf, length);
      if (!jdkOnly && pngDecoder.handles()) {
        pngDecoder.decode(buf, length, out);
        return out;
      }
    }
    if (jpegFile && turbo() != null) {
      int[] wh = turbo.size(buf, length);
      check(wh[0], wh[1], shape.side(), sizes);
      int[] to = sizes == ReadSpec.Sizes.RESIZE_DRAFT && shape.side() > 0
          ? TurboJpeg.scaled(wh[0], wh[1], shape.side()) : wh;
      turbo.decode(length, to[0], to[1], shape.planes() == 1, out);
      return out;
    }
    if (jpegFile && sizes == ReadSpec.Sizes.RESIZE_DRAFT) {
      throw new IllegalStateException("--resize-draft needs TurboJPEG: " + TurboJpeg.absence());
    }
    if (jpegFile && ScanLimit.exceeded(buf, length)) {
      // TurboJPEG refuses these under TJFLAG_LIMITSCANS; the JDK's libjpeg would decode them all.
      throw new InvalidRecord(SkipReason.CORRUPT_IMAGE, "image", "not a readable image (corrupt"
          + " or truncated): a JPEG of more than " + ScanLimit.LIMIT + " scans");
    }
    ImageReader reader = reader();
    try (ImageInputStream in = new MemoryCacheImageInputStream(
        new ByteArrayInputStream(buf, 0, length))) {
      reader.setInput(in, true, true);
      check(reader.getWidth(0), reader.getHeight(0), shape.side(), sizes);
      warning = null;
      ImageReadParam param = reader.getDefaultReadParam();
      if (jpegFile && shape.planes() == 1) {
        greyDestination(reader, param);
      }
      BufferedImage img = reader.read(0, param);
      if (warning != null) {
        throw new InvalidRecord(SkipReason.CORRUPT_IMAGE, "image",
            "not a readable image (corrupt or truncated): " + warning);
      }
      return view(img);
    } catch (IOException | RuntimeException e) {
      if (e instanceof InvalidRecord r) {
        throw r;
      }
      throw new InvalidRecord(SkipReason.CORRUPT_IMAGE, "image",
          "not a readable image (corrupt, truncated or an unsupported format): " + e.getMessage());
    } finally {
      reader.setInput(null);
    }
  }

  private static void check(int w, int h, int side, ReadSpec.Sizes sizes) {
    if (w <= 0 || h <= 0 || (long) w * h > MAX_PIXELS) {
      throw new InvalidRecord(SkipReason.IMAGE_TOO_LARGE, "image", "expected at most "
          + MAX_PIXELS + " pixels, the header declares " + w + "×" + h);
    }
    if (sizes == ReadSpec.Sizes.EXACT && side > 0 && (w != side || h != side)) {
      throw sizeMismatch(side, w, h);
    }
    if (sizes == ReadSpec.Sizes.RESIZE && side > 0) {
      // Before decoding; a draft-scaled JPEG is checked at its scaled size, by the conversion.
      ImagePixels.checkResample(w, h, side, side);
    }
  }

  /** libjpeg's own colour → grey conversion (the Y plane), when the reader offers it. */
  private static void greyDestination(ImageReader reader, ImageReadParam param)
      throws IOException {
    for (java.util.Iterator<ImageTypeSpecifier> t = reader.getImageTypes(0); t.hasNext();) {
      ImageTypeSpecifier type = t.next();
      if (type.getNumBands() == 1) {
        param.setDestinationType(type);
        return;
      }
    }
  }

  /** The task's TurboJPEG decoder, or null when the library is absent. */
  private TurboJpeg turbo() {
    if (turbo == null && !jdkOnly && TurboJpeg.absence() == null) {
      turbo = new TurboJpeg();
      OPEN_NATIVE.incrementAndGet();
    }
    return turbo;
  }

  static InvalidRecord sizeMismatch(int side, int w, int h) {
    return new InvalidRecord(SkipReason.IMAGE_SIZE, "image", "expected " + side + "×" + side
        + " (the model's input), found " + w + "×" + h + "; pass --resize to resample");
  }

  private boolean isPng() {
    return length >= 4 && (buf[0] & 0xff) == 0x89 && buf[1] == 'P' && buf[2] == 'N'
        && buf[3] == 'G';
  }

  private ImageReader reader() {
    if (isPng()) {
      if (png == null) {
        png = make("png");
      }
      return png;
    }
    if (length >= 3 && (buf[0] & 0xff) == 0xff && (buf[1] & 0xff) == 0xd8) {
      if (jpeg == null) {
        jpeg = make("jpeg");
      }
      return jpeg;
    }
    throw new InvalidRecord(SkipReason.NOT_AN_IMAGE, "image", "not an image: neither a PNG nor"
        + " a JPEG signature");
  }

  private ImageReader make(String format) {
    ImageReader r = ImageIO.getImageReadersByFormatName(format).next();
    r.addIIOReadWarningListener((source, message) -> warning = message);
    return r;
  }

  /** Samples in place when they are interleaved bytes, else converted through the colour model. */
  private Pixels view(BufferedImage img) {
    Raster raster = img.getRaster();
    int w = img.getWidth();
    int h = img.getHeight();
    out.width = w;
    out.height = h;
    int bands = raster.getNumBands();
    if (raster.getDataBuffer() instanceof DataBufferByte bytes
        && raster.getSampleModel() instanceof PixelInterleavedSampleModel sm
        && !(img.getColorModel() instanceof java.awt.image.IndexColorModel)
        && bands <= 4 && sm.getPixelStride() == bands && sm.getScanlineStride() == w * bands
        && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0
        && bytes.getNumBanks() == 1 && bytes.getOffset() == 0) {
      int[] offsets = sm.getBandOffsets();
      out.data = bytes.getData();
      out.stride = bands;
      out.r = offsets[0];
      out.g = bands >= 3 ? offsets[1] : offsets[0];
      out.b = bands >= 3 ? offsets[2] : offsets[0];
      return out;
    }
    int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
    if (rgb.length < 3 * argb.length) {
      rgb = new byte[3 * argb.length];
    }
    for (int p = 0; p < argb.length; p++) {
      rgb[3 * p] = (byte) (argb[p] >> 16);
      rgb[3 * p + 1] = (byte) (argb[p] >> 8);
      rgb[3 * p + 2] = (byte) argb[p];
    }
    out.data = rgb;
    out.stride = 3;
    out.r = 0;
    out.g = 1;
    out.b = 2;
    return out;
  }

  @Override
  public void close() {
    if (png != null) {
      png.dispose();
      png = null;
    }
    if (jpeg != null) {
      jpeg.dispose();
      jpeg = null;
    }
    if (turbo != null) {
      turbo.close();
      turbo = null;
      OPEN_NATIVE.decrementAndGet();
    }
    if (pngDecoder != null) {
      pngDecoder.close();
      pngDecoder = null;
      OPEN_NATIVE.decrementAndGet();
    }
  }
}
