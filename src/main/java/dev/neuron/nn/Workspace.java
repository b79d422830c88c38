package dev.neuron.nn;

/**
 * Preallocated buffers for forward and backward passes over up to {@link #capacity()} examples:
 * an input block, a target block, and per layer its activations {@code A_l} and deltas {@code D_l}
 * ({@code units(l) × cols}, column-major). Reused across steps so the hot path allocates nothing.
 * Not thread-safe: one per task.
 */
public final class Workspace {
  final Network net;
  private int capacity;
  float[] x;
  float[] t;
  final float[][] act;
  final float[][] delta;

  public Workspace(Network net, int capacity) {
    this.net = net;
    this.act = new float[net.layers()][];
    this.delta = new float[net.layers()][];
    allocate(Math.max(1, capacity));
  }

  private void allocate(int cols) {
    capacity = cols;
    x = new float[net.inputSize() * cols];
    t = new float[net.outputSize() * cols];
    for (int l = 0; l < net.layers(); l++) {
      act[l] = new float[net.units(l) * cols];
      delta[l] = new float[net.units(l) * cols];
    }
  }

  /** Grows the buffers (never shrinks) to hold {@code cols} examples. */
  public void ensure(int cols) {
    if (cols > capacity) {
      allocate(cols);
    }
  }

  public int capacity() {
    return capacity;
  }

  /** Input block: example {@code j} occupies {@code [j·inputSize, (j+1)·inputSize)}. */
  public float[] input() {
    return x;
  }

  /** Target block: example {@code j} occupies {@code [j·outputSize, (j+1)·outputSize)}. */
  public float[] target() {
    return t;
  }

  /** The last layer's activations after {@link Kernels#forward}. */
  public float[] output() {
    return act[act.length - 1];
  }
}
