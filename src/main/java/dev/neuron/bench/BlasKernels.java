package dev.neuron.bench;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import dev.neuron.linalg.Blas;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * What each BLAS in this JVM costs and which bits it computes, at the shapes a reference-job
 * partition multiplies every step (512×784 · 784×64 forward, 512×64 · 64×784 weight gradient):
 * the bundled OpenBLAS with whatever kernels {@code OPENBLAS_CORETYPE} (or the CPU) picks, the JDK
 * vector API, and netlib's scalar Java BLAS ({@code -Dneuron.blas=portable}). Prints, per implementation, milliseconds per
 * pair of products, GFLOP/s, the ratio to OpenBLAS measured in the same process, and a CRC of the
 * products' bits (equal CRCs: equal bits). {@code jobs/bench-blas.sh} runs it under several
 * kernel families.
 */
public final class BlasKernels {
  private BlasKernels() {}

  public static void main(String[] args) {
    int m = 512;
    int k = 784;
    int n = 64;
    Blas.implementation(); // points netlib at the bundled OpenBLAS before NativeBLAS loads
    System.out.println("kernel here: " + Blas.kernel());
    List<BLAS> impls = new ArrayList<>();
    try {
      impls.add(NativeBLAS.getInstance());
    } catch (Throwable e) {
      System.out.println("no native BLAS: " + e);
    }
    impls.add(JavaBLAS.getInstance());
    impls.add(Blas.portable());
    float[] w = random(m * k, 1);
    float[] x = random(k * n, 2);
    double nativeMs = Double.NaN;
    for (BLAS b : impls) {
      float[] z = new float[m * n];
      float[] g = new float[m * k];
      double ms = time(b, w, x, z, g, m, k, n);
      if (Double.isNaN(nativeMs)) {
        nativeMs = ms;
      }
      CRC32 crc = new CRC32();
      run(b, w, x, z, g, m, k, n, 1, true);
      for (float v : z) {
        crc.update(Float.floatToRawIntBits(v));
      }
      for (float v : g) {
        crc.update(Float.floatToRawIntBits(v));
      }
      System.out.printf(Locale.ROOT, "RESULT %-45s %8.3f ms  %6.2f GFLOP/s  ×%.2f vs first"
          + "  bits crc %08x%n", b.getClass().getName(), ms, 4.0 * m * k * n / ms / 1e6,
          ms / nativeMs, crc.getValue());
    }
  }

  /** Median milliseconds per forward + gradient pair over 15 rounds, after warm-up. */
  private static double time(BLAS b, float[] w, float[] x, float[] z, float[] g, int m, int k,
      int n) {
    run(b, w, x, z, g, m, k, n, 20, false);
    double[] rounds = new double[15];
    for (int r = 0; r < rounds.length; r++) {
      int reps = 10;
      long t0 = System.nanoTime();
      run(b, w, x, z, g, m, k, n, reps, false);
      rounds[r] = (System.nanoTime() - t0) / 1e6 / reps;
    }
    java.util.Arrays.sort(rounds);
    return rounds[rounds.length / 2];
  }

  private static void run(BLAS b, float[] w, float[] x, float[] z, float[] g, int m, int k, int n,
      int reps, boolean fresh) {
    if (fresh) {
      java.util.Arrays.fill(g, 0f);
    }
    for (int r = 0; r < reps; r++) {
      b.sgemm("N", "N", m, n, k, 1f, w, 0, m, x, 0, k, 0f, z, 0, m);
      b.sgemm("N", "T", m, k, n, 1f, z, 0, m, x, 0, k, 1f, g, 0, m);
    }
  }

  private static float[] random(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) rnd.nextDouble() - 0.5f;
    }
    return a;
  }
}
