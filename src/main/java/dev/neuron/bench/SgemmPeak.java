package dev.neuron.bench;

import dev.neuron.linalg.Blas;
import dev.neuron.linalg.Op;
import java.util.SplittableRandom;

/**
 * This thread's {@code sgemm} rate at the shapes a reference-job partition computes per step
 * (128/2 = 64 examples): the forward product {@code W₁·X} (512×784 · 784×64) and the weight
 * gradient {@code D₁·Xᵀ} (512×64 · 64×784), alternating, for about a second after warm-up.
 */
public final class SgemmPeak {
  private SgemmPeak() {}

  /** Prints the rate, for benchmark scripts: {@code sgemm 12.3 GFLOP/s (one thread)}. */
  public static void main(String[] argv) {
    System.out.printf("sgemm %.1f GFLOP/s (one thread)%n", measure());
  }

  public static double measure() {
    int m = 512;
    int k = 784;
    int n = 64;
    float[] w = random(m * k);
    float[] x = random(k * n);
    float[] z = new float[m * n];
    float[] g = new float[m * k];
    run(w, x, z, g, m, k, n, 200);
    long t0 = System.nanoTime();
    int reps = 0;
    while (System.nanoTime() - t0 < 1_000_000_000L) {
      run(w, x, z, g, m, k, n, 20);
      reps += 20;
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    return 2.0 * 2 * m * k * n * reps / seconds / 1e9;
  }

  /**
   * The same rate per thread while {@code threads} threads run it at once, as the training tasks
   * do: they share the cores' caches and memory bandwidth.
   */
  static double measureConcurrent(int threads) {
    double[] rates = new double[threads];
    Thread[] ts = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int i = t;
      ts[t] = new Thread(() -> rates[i] = measure());
      ts[t].start();
    }
    double sum = 0;
    for (int t = 0; t < threads; t++) {
      try {
        ts[t].join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sum += rates[t];
    }
    return sum / threads;
  }

  private static void run(float[] w, float[] x, float[] z, float[] g, int m, int k, int n,
      int reps) {
    for (int r = 0; r < reps; r++) {
      Blas.gemm(Op.N, Op.N, m, n, k, 1f, w, 0, m, x, 0, k, 0f, z, 0, m);
      Blas.gemm(Op.N, Op.T, m, k, n, 1f, z, 0, m, x, 0, k, 1f, g, 0, m);
    }
  }

  private static float[] random(int n) {
    SplittableRandom rnd = new SplittableRandom(1);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) rnd.nextDouble() - 0.5f;
    }
    return a;
  }
}
