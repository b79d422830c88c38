package dev.neuron.nn;

/**
 * Preallocated buffers for forward and backward passes over up to {@link #capacity()} examples:
 * an input block, a target block, a weight per example, and per layer its activations
 * {@code A_l} and deltas {@code D_l} ({@code units(l) × cols}, column-major), and for each layer
 * followed by dropout its mask and masked output. Reused across steps so the hot path allocates nothing.
 * Not thread-safe: one per task.
 */
public final class Workspace {
  final Network net;
  private int capacity;
  float[] x;
  float[] t;
  float[] w;
  final float[][] act;
  final float[][] delta;
  final float[][] mask;
  final float[][] dropped;
  /** Whether the last forward pass applied the masks (a training pass on a network with dropout). */
  boolean masked;

  public Workspace(Network net, int capacity) {
    this.net = net;
    this.act = new float[net.layers()][];
    this.delta = new float[net.layers()][];
    this.mask = new float[net.layers()][];
    this.dropped = new float[net.layers()][];
    allocate(Math.max(1, capacity));
  }

  private void allocate(int cols) {
    capacity = cols;
    x = new float[net.inputSize() * cols];
    t = new float[net.outputSize() * cols];
    w = new float[cols];
    for (int l = 0; l < net.layers(); l++) {
      act[l] = new float[net.units(l) * cols];
      delta[l] = new float[net.units(l) * cols];
      if (net.dropout(l) > 0) {
        mask[l] = new float[net.units(l) * cols];
        dropped[l] = new float[net.units(l) * cols];
      }
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

  /**
   * Layer {@code layer}'s dropout mask, {@code units × capacity} column-major: 0 for a dropped
   * unit, {@code 1/(1 − rate)} for a kept one, filled by the caller before
   * {@link Kernels#forwardTraining}; {@code null} for a layer without dropout.
   */
  public float[] mask(int layer) {
    return mask[layer];
  }

  /** What layer {@code l} passes on after the last forward pass: its activations, masked in training. */
  float[] layerOutput(int l) {
    return masked && mask[l] != null ? dropped[l] : act[l];
  }

  /** Weight block: example {@code j}'s weight at {@code [j]} (when the examples are weighted). */
  public float[] weights() {
    return w;
  }

  /** The last layer's activations after {@link Kernels#forward}. */
  public float[] output() {
    return act[act.length - 1];
  }
}
