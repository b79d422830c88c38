package dev.neuron.read;

import dev.neuron.data.ExampleBlock;
/**
 * A reusable batch of up to {@link #capacity()} examples, column-major like {@link ExampleBlock}:
 * example {@code j}'s features occupy {@code x[j·inputs, (j+1)·inputs)}; {@code label[j]} is its
 * class or −1 when the record has none; {@code row[j]} its global row index (−1 when the input has
 * none); {@code name[j]} its file when names are kept. Refilled in place by a {@link ChunkReader}, so
 * scoring a partition allocates one chunk whatever its size.
 */
public final class Chunk {
  public static final int DEFAULT_CAPACITY = 512;
  private final int inputs;
  private final float[] x;
  private final int[] label;
  private final long[] row;
  private final String[] name;
  int cols;

  /** With {@link ReadSpec.Ids#FILE_PATH} the chunk keeps each example's file (prediction ids). */
  public Chunk(int inputs, int capacity, ReadSpec.Ids ids) {
    this.inputs = inputs;
    this.x = new float[inputs * capacity];
    this.label = new int[capacity];
    this.row = new long[capacity];
    this.name = ids == ReadSpec.Ids.FILE_PATH ? new String[capacity] : null;
  }

  public int inputs() {
    return inputs;
  }

  public int capacity() {
    return label.length;
  }

  /** Examples currently held. */
  public int cols() {
    return cols;
  }

  boolean full() {
    return cols == label.length;
  }

  boolean keepsNames() {
    return name != null;
  }

  public float[] x() {
    return x;
  }

  public int[] labels() {
    return label;
  }

  public long[] rows() {
    return row;
  }

  /** Files of the held examples, or null when this chunk does not keep them. */
  public String[] names() {
    return name;
  }
}
