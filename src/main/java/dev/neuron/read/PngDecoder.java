package dev.neuron.read;

import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The common PNG, decoded without ImageIO: 8 bits per sample, not interlaced, grey, grey + alpha,
 * RGB, RGBA or palette. ImageIO's reader, even reused, sets up a stream, metadata, an inflater and
 * an image per file: 59 µs a 28×28 grey PNG, most of it not decoding (pngj: 58 µs). Here one
 * {@link Inflater} and one buffer serve the whole task. Every chunk's CRC is checked. Samples come
 * out as ImageIO's raster holds them (palette expanded to RGB, alpha left for the caller to
 * ignore), checked bit for bit in {@code PngDecoderTest}; anything else (16 or fewer than 8 bits,
 * Adam7) is left to ImageIO. Not thread-safe: one per task.
 */
final class PngDecoder implements AutoCloseable {
  private static final int IHDR = 0x49484452;
  private static final int PLTE = 0x504c5445;
  private static final int IDAT = 0x49444154;
  private static final int IEND = 0x49454e44;

  private final Inflater inflater = new Inflater();
  private final CRC32 crc = new CRC32();
  private byte[] raw = new byte[0];
  private byte[] samples = new byte[0];
  private final byte[] palette = new byte[768];
  private int width;
  private int height;
  private int colourType;
  private int bitDepth;
  private boolean interlaced;
  private boolean handled;

  /**
   * Reads the header: the width and height, and whether {@link #decode} handles the file.
   *
   * @throws InvalidRecord a header that is cut or fails its CRC
   */
  int[] header(byte[] buf, int length) {
    if (length < 33 || readInt(buf, 12) != IHDR || readInt(buf, 8) != 13) {
      throw corrupt("no IHDR chunk first");
    }
    checkCrc(buf, 12, 13);
    width = readInt(buf, 16);
    height = readInt(buf, 20);
    colourType = buf[25];
    bitDepth = buf[24];
    interlaced = buf[28] != 0;
    handled = buf[24] == 8 && buf[28] == 0 && buf[26] == 0 && buf[27] == 0
        && (colourType == 0 || colourType == 2 || colourType == 3 || colourType == 4
        || colourType == 6);
    return new int[] {width, height};
  }

  /**
   * Refuses the file last passed to {@link #header} when its IDAT chunks together cannot inflate
   * to the pixel data its header declares (deflate expands at most 1032-fold), before anything is
   * allocated for it: whoever decodes it, this decoder or ImageIO's (16-bit, fewer than 8 bits,
   * Adam7), which allocates its whole destination from the header. The bound is the IDAT lengths,
   * not the file's: a private chunk cannot pad it.
   *
   * @throws InvalidRecord a chunk that runs past the end, or too little pixel data
   */
  void checkDataFits(byte[] buf, int length) {
    long idat = 0;
    for (int at = 33; at + 12 <= length; ) {
      int size = readInt(buf, at);
      if (size < 0 || size > length - at - 12) {
        throw corrupt("a chunk runs past the end of the file");
      }
      if (readInt(buf, at + 4) == IDAT) {
        idat += size;
      } else if (readInt(buf, at + 4) == IEND) {
        break;
      }
      at += size + 12;
    }
    int channels = switch (colourType) {
      case 2 -> 3;
      case 4 -> 2;
      case 6 -> 4;
      default -> 1;
    };
    long bits = (long) width * channels * Math.max(1, bitDepth);
    // Without Adam7 each row is its bytes and a filter byte; with it, at least the pixels' bits.
    long need = interlaced ? (bits * height + 7) / 8 : height * ((bits + 7) / 8 + 1);
    if (need > 1032 * idat) {
      throw corrupt("the header declares " + width + "×" + height + " pixels, more than the "
          + idat + " bytes of IDAT data can hold");
    }
  }

  /** Whether the file last passed to {@link #header} is one this decoder handles. */
  boolean handles() {
    return handled;
  }

  /**
   * Decodes the file last passed to {@link #header} (whose size the caller has checked) into
   * {@code px}.
   *
   * @throws InvalidRecord a file that is cut, fails a CRC, or does not inflate to its size
   */
  void decode(byte[] buf, int length, ImageCodec.Pixels px) {
    int channels = switch (colourType) {
      case 0, 3 -> 1;
      case 4 -> 2;
      case 2 -> 3;
      default -> 4;
    };
    int rowBytes = width * channels;
    long need = (long) height * (rowBytes + 1);
    checkDataFits(buf, length);
    if (raw.length < need) {
      raw = new byte[(int) need];
    }
    inflater.reset();
    int filled = 0;
    int at = 33;
    boolean sawPalette = false;
    try {
      while (true) {
        if (at + 12 > length) {
          throw corrupt("cut short before IEND");
        }
        int size = readInt(buf, at);
        int type = readInt(buf, at + 4);
        if (size < 0 || size > length - at - 12) {
          throw corrupt("a chunk runs past the end of the file");
        }
        checkCrc(buf, at + 4, size);
        if (type == IDAT) {
          inflater.setInput(buf, at + 8, size);
          while (filled < need) {
            int n = inflater.inflate(raw, filled, (int) need - filled);
            if (n == 0) {
              if (inflater.needsDictionary()) {
                throw corrupt("compressed data asks for a preset dictionary");
              }
              break;
            }
            filled += n;
          }
        } else if (type == PLTE) {
          // ImageIO's reader warns on these palettes, and a warning is a corrupt image; a length
          // not a multiple of 3 it reads as its whole entries, as here.
          if (sawPalette) {
            throw corrupt("a second PLTE chunk");
          }
          if (size > palette.length) {
            throw corrupt("a PLTE chunk of " + size / 3 + " entries, expected at most 256");
          }
          java.util.Arrays.fill(palette, (byte) 0);
          int entries = size / 3;
          System.arraycopy(buf, at + 8, palette, 0, 3 * entries);
          // Indices past a short palette take its last entry, as ImageIO's reader pads it.
          for (int e = entries; e > 0 && e < 256; e++) {
            System.arraycopy(palette, 3 * (entries - 1), palette, 3 * e, 3);
          }
          sawPalette = true;
        } else if (type == IEND) {
          break;
        }
        at += size + 12;
      }
    } catch (DataFormatException e) {
      throw corrupt("compressed data: " + e.getMessage());
    }
    if (filled < need) {
      throw corrupt("the pixel data is " + filled + " bytes, expected " + need);
    }
    if (colourType == 3 && !sawPalette) {
      throw corrupt("a palette image without a PLTE chunk");
    }
    unfilter(rowBytes, channels);
    output(rowBytes, channels, px);
  }

  /** Undoes each row's filter in place; row {@code y} is {@code raw[y·(rowBytes+1) + 1 …]}. */
  private void unfilter(int rowBytes, int bpp) {
    int stride = rowBytes + 1;
    for (int y = 0; y < height; y++) {
      int row = y * stride + 1;
      int prev = row - stride;
      int filter = raw[row - 1];
      switch (filter) {
        case 0 -> { }
        case 1 -> {
          for (int i = bpp; i < rowBytes; i++) {
            raw[row + i] += raw[row + i - bpp];
          }
        }
        case 2 -> {
          for (int i = 0; i < rowBytes && y > 0; i++) {
            raw[row + i] += raw[prev + i];
          }
        }
        case 3 -> {
          for (int i = 0; i < rowBytes; i++) {
            int left = i >= bpp ? raw[row + i - bpp] & 0xff : 0;
            int up = y > 0 ? raw[prev + i] & 0xff : 0;
            raw[row + i] += (byte) ((left + up) >>> 1);
          }
        }
        case 4 -> {
          for (int i = 0; i < rowBytes; i++) {
            int a = i >= bpp ? raw[row + i - bpp] & 0xff : 0;
            int b = y > 0 ? raw[prev + i] & 0xff : 0;
            int c = i >= bpp && y > 0 ? raw[prev + i - bpp] & 0xff : 0;
            int p = a + b - c;
            int pa = Math.abs(p - a);
            int pb = Math.abs(p - b);
            int pc = Math.abs(p - c);
            raw[row + i] += (byte) (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
          }
        }
        default -> throw corrupt("row " + y + " has filter type " + filter);
      }
    }
  }

  /** Rows without their filter bytes; a palette image's indices looked up as RGB. */
  private void output(int rowBytes, int channels, ImageCodec.Pixels px) {
    int bands = colourType == 3 ? 3 : channels;
    int n = width * height;
    if (samples.length < n * bands) {
      samples = new byte[n * bands];
    }
    for (int y = 0; y < height; y++) {
      int from = y * (rowBytes + 1) + 1;
      if (colourType == 3) {
        for (int x = 0; x < width; x++) {
          int k = 3 * (raw[from + x] & 0xff);
          int o = 3 * (y * width + x);
          samples[o] = palette[k];
          samples[o + 1] = palette[k + 1];
          samples[o + 2] = palette[k + 2];
        }
      } else {
        System.arraycopy(raw, from, samples, y * rowBytes, rowBytes);
      }
    }
    px.data = samples;
    px.width = width;
    px.height = height;
    px.stride = bands;
    px.r = 0;
    px.g = bands >= 3 ? 1 : 0;
    px.b = bands >= 3 ? 2 : 0;
  }

  private void checkCrc(byte[] buf, int typeAt, int size) {
    crc.reset();
    crc.update(buf, typeAt, size + 4);
    if ((int) crc.getValue() != readInt(buf, typeAt + 4 + size)) {
      throw corrupt("chunk " + new String(buf, typeAt, 4, java.nio.charset.StandardCharsets.ISO_8859_1)
          + " fails its CRC");
    }
  }

  private static int readInt(byte[] b, int at) {
    return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8
        | (b[at + 3] & 0xff);
  }

  private static InvalidRecord corrupt(String why) {
    return new InvalidRecord(SkipReason.CORRUPT_IMAGE, "image",
        "not a readable image (corrupt or truncated PNG): " + why);
  }

  @Override
  public void close() {
    inflater.end();
  }
}
