package dev.neuron.read;

/**
 * Streams one partition's records into a reusable {@link Chunk}. Invalid records either fail the
 * read ({@link ReadSpec.Invalid#FAIL}) or are left out and counted ({@link #skipped()}).
 */
public interface ChunkReader {
  /** Refills {@code chunk} with up to its capacity of valid examples; false when none are left. */
  boolean fill(Chunk chunk);

  /** Records left out so far, indexed by {@link SkipReason#ordinal()}. */
  long[] skipped();
}
