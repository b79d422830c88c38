package dev.neuron.read;

import java.io.Serializable;
import java.util.Iterator;

/** Opens the {@link ChunkReader} of one partition on the executor; shipped in the task closure. */
public interface ReaderFactory<T> extends Serializable {
  ChunkReader open(int partition, Iterator<T> records);
}
