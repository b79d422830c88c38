package dev.neuron.linalg;

import java.util.stream.IntStream;

/**
 * Splits the driver's element-wise passes over the parameters (summing gradients, the L2 penalty's
 * gradient, the optimizer update) into contiguous ranges run on the driver's cores. Each element's
 * arithmetic depends only on that element, so the split never changes a bit.
 */
public final class Chunks {
  public static final int COUNT = 16;

  private Chunks() {}

  /** A pass over {@code [from, to)}, the {@code chunk}-th of {@link #COUNT}. */
  public interface Pass {
    void run(int chunk, int from, int to);
  }

  /** Runs {@code pass} over {@link #COUNT} contiguous ranges of {@code [0, n)}, in parallel. */
  public static void forEach(int n, Pass pass) {
    int size = (n + COUNT - 1) / COUNT;
    IntStream.range(0, COUNT).parallel()
        .forEach(c -> pass.run(c, Math.min(n, c * size), Math.min(n, (c + 1) * size)));
  }
}
