package dev.neuron.read;

/**
 * Pixel conversions for decoded images (row-major bytes, {@code channels} per pixel, BGR(A) order
 * as Spark's image source stores them): grey levels, and bilinear resampling.
 */
final class ImagePixels {
  private ImagePixels() {}

  /** Grey level of pixel {@code p} in 0..255: the byte itself, or luma of B, G, R. */
  static float grey(byte[] data, int p, int channels) {
    if (channels < 3) {
      return data[p * channels] & 0xff;
    }
    int o = p * channels;
    return 0.114f * (data[o] & 0xff) + 0.587f * (data[o + 1] & 0xff)
        + 0.299f * (data[o + 2] & 0xff);
  }

  /** {@code x[off + p] = grey(p) / scale} for the image's {@code pixels} pixels. */
  static void grey(byte[] data, int pixels, int channels, float scale, float[] x, int off) {
    if (channels == 1) {
      for (int p = 0; p < pixels; p++) {
        x[off + p] = (data[p] & 0xff) / scale;
      }
      return;
    }
    for (int p = 0; p < pixels; p++) {
      x[off + p] = grey(data, p, channels) / scale;
    }
  }

  /**
   * Resamples an {@code h×w} image to {@code th×tw} grey levels divided by {@code scale}: bilinear,
   * with pixel centres aligned ({@code src = (dst + ½)·h/th − ½}, clamped at the borders).
   */
  static void resizeGrey(byte[] data, int h, int w, int channels, int th, int tw, float scale,
      float[] x, int off) {
    for (int r = 0; r < th; r++) {
      float sy = Math.max(0f, Math.min(h - 1f, (r + 0.5f) * h / th - 0.5f));
      int y0 = (int) sy;
      int y1 = Math.min(h - 1, y0 + 1);
      float fy = sy - y0;
      for (int c = 0; c < tw; c++) {
        float sx = Math.max(0f, Math.min(w - 1f, (c + 0.5f) * w / tw - 0.5f));
        int x0 = (int) sx;
        int x1 = Math.min(w - 1, x0 + 1);
        float fx = sx - x0;
        float top = grey(data, y0 * w + x0, channels) * (1 - fx)
            + grey(data, y0 * w + x1, channels) * fx;
        float bottom = grey(data, y1 * w + x0, channels) * (1 - fx)
            + grey(data, y1 * w + x1, channels) * fx;
        x[off + r * tw + c] = (top * (1 - fy) + bottom * fy) / scale;
      }
    }
  }
}
