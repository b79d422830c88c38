package dev.neuron.read;

import java.util.SplittableRandom;

/**
 * Small deterministic changes to a grey image, so a large generated set is not the same few
 * thousand images repeated: a shift by at most one pixel in each direction and a few pixels
 * brightened or darkened by up to 32 levels. Image {@code i} of a set gets the changes drawn from
 * {@code (seed, i)}; copy {@code 0} (the first pass over the source) is left exact.
 */
public final class Perturbation {
  private static final int NOISY_PIXELS = 16;
  private static final int MAX_NOISE = 32;

  private Perturbation() {}

  /** Writes image {@code src[srcOff, srcOff + rows·cols)}, perturbed for index {@code i}, to dst. */
  public static void apply(byte[] src, int srcOff, int rows, int cols, long seed, long i,
      byte[] dst) {
    SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
    int dy = rnd.nextInt(3) - 1;
    int dx = rnd.nextInt(3) - 1;
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        int sr = r - dy;
        int sc = c - dx;
        dst[r * cols + c] = sr < 0 || sr >= rows || sc < 0 || sc >= cols ? 0
            : src[srcOff + sr * cols + sc];
      }
    }
    for (int k = 0; k < NOISY_PIXELS; k++) {
      int p = rnd.nextInt(rows * cols);
      int v = (dst[p] & 0xff) + rnd.nextInt(2 * MAX_NOISE + 1) - MAX_NOISE;
      dst[p] = (byte) Math.max(0, Math.min(255, v));
    }
  }
}
