package dev.neuron.read;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Renders generated images as PNG or JPEG files: the 28×28 grey source enlarged bilinearly
 * (pixel centres aligned) to {@code side × side}, and with {@code colour} tinted with a hue drawn
 * per image: the grey level is kept as luma Y and chroma {@code (Cb, Cr) = s(Y)·(cos h, sin h)},
 * {@code s(Y) = Y(255 − Y)/510}, is added (JFIF's YCbCr → RGB, whose luma weights are the
 * reader's 0.299, 0.587, 0.114), so the background stays black, strokes become coloured and
 * the grey a reader computes back is the source's up to rounding and JPEG loss. One writer per
 * task, reused; files go straight through {@code java.nio} on the local file system (Hadoop's local
 * create forks {@code chmod} per file without the native library).
 */
final class ImageFileWriter {
  private final int side;
  private final boolean colour;
  private final boolean jpeg;
  private final FileSystem fs;
  private final boolean local;
  private final ImageWriter writer;
  private final ImageWriteParam param;
  private final BufferedImage img;
  private final float[] grey;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);

  ImageFileWriter(FileSystem fs, int side, boolean colour, boolean jpeg) {
    this.fs = fs;
    this.local = "file".equals(fs.getUri().getScheme());
    this.side = side;
    this.colour = colour;
    this.jpeg = jpeg;
    this.writer = ImageIO.getImageWritersByFormatName(jpeg ? "jpeg" : "png").next();
    this.param = writer.getDefaultWriteParam();
    if (jpeg) {
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(0.9f);
    }
    this.img = new BufferedImage(side, side, colour ? BufferedImage.TYPE_3BYTE_BGR
        : BufferedImage.TYPE_BYTE_GRAY);
    this.grey = new float[side * side];
  }

  /** Writes {@code px} ({@code rows × cols} grey bytes) as image {@code i} to {@code file}. */
  void write(byte[] px, int rows, int cols, long i, Path file) throws IOException {
    enlarge(px, rows, cols);
    byte[] out = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
    if (colour) {
      double h = ((i * 0x9E3779B97F4A7C15L) >>> 11) * 0x1.0p-53 * 2 * Math.PI;
      double cos = Math.cos(h);
      double sin = Math.sin(h);
      for (int p = 0; p < grey.length; p++) {
        double y = grey[p];
        double s = y * (255 - y) / 510;
        double cb = s * cos;
        double cr = s * sin;
        out[3 * p] = clamp(y + 1.772 * cb);
        out[3 * p + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
        out[3 * p + 2] = clamp(y + 1.402 * cr);
      }
    } else {
      for (int p = 0; p < grey.length; p++) {
        out[p] = clamp(grey[p]);
      }
    }
    bytes.reset();
    try (MemoryCacheImageOutputStream s = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(s);
      writer.write(null, new IIOImage(img, null, null), param);
    }
    if (local) {
      java.nio.file.Path f = java.nio.file.Path.of(fs.makeQualified(file).toUri());
      Files.createDirectories(f.getParent());
      Files.write(f, bytes.toByteArray(), StandardOpenOption.CREATE_NEW);
      return;
    }
    try (OutputStream o = fs.create(file, false)) {
      bytes.writeTo(o);
    }
  }

  private void enlarge(byte[] px, int rows, int cols) {
    for (int r = 0; r < side; r++) {
      double sy = Math.max(0, Math.min(rows - 1, (r + 0.5) * rows / side - 0.5));
      int y0 = (int) sy;
      int y1 = Math.min(rows - 1, y0 + 1);
      double fy = sy - y0;
      for (int c = 0; c < side; c++) {
        double sx = Math.max(0, Math.min(cols - 1, (c + 0.5) * cols / side - 0.5));
        int x0 = (int) sx;
        int x1 = Math.min(cols - 1, x0 + 1);
        double fx = sx - x0;
        double top = (px[y0 * cols + x0] & 0xff) * (1 - fx) + (px[y0 * cols + x1] & 0xff) * fx;
        double bottom = (px[y1 * cols + x0] & 0xff) * (1 - fx) + (px[y1 * cols + x1] & 0xff) * fx;
        grey[r * side + c] = (float) (top * (1 - fy) + bottom * fy);
      }
    }
  }

  private static byte clamp(double v) {
    return (byte) Math.max(0, Math.min(255, Math.round(v)));
  }

  void close() {
    writer.dispose();
  }
}
