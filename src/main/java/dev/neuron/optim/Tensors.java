package dev.neuron.optim;

import java.util.Arrays;

/**
 * The parameters' tensors: tensor {@code k} is {@code [from(k), to(k))} of the flat parameter
 * array, the tensors following each other from 0 to {@link #size()}. A dense layer is two, its
 * {@code W} and then its {@code b} ({@code Network#tensors}). Layer-wise rules ({@link Lars},
 * {@link Lamb}) take the norms of their trust ratios over each tensor; the element-wise rules
 * ignore it.
 */
public record Tensors(int[] bounds) {

  /** {@code bounds}: 0, then each tensor's end, ascending; at least one tensor. */
  public Tensors {
    if (bounds.length < 2 || bounds[0] != 0) {
      throw new IllegalArgumentException("tensor bounds must start at 0 and end at the parameter"
          + " count, found " + Arrays.toString(bounds));
    }
    for (int k = 1; k < bounds.length; k++) {
      if (bounds[k] < bounds[k - 1]) {
        throw new IllegalArgumentException("tensor bounds must not decrease, found "
            + bounds[k - 1] + " then " + bounds[k] + " at index " + k);
      }
    }
    bounds = bounds.clone();
  }

  /** All {@code n} parameters as one tensor. */
  public static Tensors whole(int n) {
    return new Tensors(new int[] {0, n});
  }

  public int count() {
    return bounds.length - 1;
  }

  public int from(int k) {
    return bounds[k];
  }

  public int to(int k) {
    return bounds[k + 1];
  }

  /** The parameter count. */
  public int size() {
    return bounds[bounds.length - 1];
  }

  /** The tensor holding parameter {@code index} (never an empty one). */
  public int tensorOf(int index) {
    for (int k = 0; k < count(); k++) {
      if (index < bounds[k + 1]) {
        return k;
      }
    }
    throw new IndexOutOfBoundsException("parameter " + index + " of " + size());
  }

  /** A copy: the record's array is not shared. */
  @Override
  public int[] bounds() {
    return bounds.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tensors t && Arrays.equals(bounds, t.bounds);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bounds);
  }

  @Override
  public String toString() {
    return "Tensors" + Arrays.toString(bounds);
  }
}
