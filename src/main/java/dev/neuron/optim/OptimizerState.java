package dev.neuron.optim;

/**
 * What an optimizer carries between steps: the number of steps taken and zero or more slots
 * (velocity, moments), each a {@code float[]} laid out like the parameters.
 */
public final class OptimizerState {
  private long steps;
  private final float[][] slots;

  public OptimizerState(long steps, float[][] slots) {
    this.steps = steps;
    this.slots = slots;
  }

  static OptimizerState zeros(int slotCount, int n) {
    return new OptimizerState(0, new float[slotCount][n]);
  }

  public long steps() {
    return steps;
  }

  /** Counts a new step and returns its number (1 for the first). */
  public long advance() {
    return ++steps;
  }

  public int slotCount() {
    return slots.length;
  }

  public float[] slot(int i) {
    return slots[i];
  }
}
