package dev.neuron.train;

import dev.neuron.nn.Network;
import dev.neuron.nn.Workspace;

/**
 * Draws the dropout masks of a training step, counter-based: whether unit {@code i} of layer
 * {@code l} is dropped for the example with global index {@code e} in global step {@code t} is a
 * hash of ({@link Seeds.Purpose#DROPOUT} seed of {@code t}, {@code e}, {@code l}, {@code i}), with
 * no generator state. So the masks do not depend on which partition holds the example, in which
 * order a partition visits its examples, or the execution mode, and a retried or resumed step
 * draws them again identically. A unit is dropped when the hash's top 53 bits, read as
 * {@code u ∈ [0, 1)}, fall below the layer's rate {@code p}; a kept unit's mask entry is
 * {@code 1/(1 − p)} (inverted dropout), a dropped one's 0.
 */
final class DropoutMask {
  private DropoutMask() {}

  /**
   * The key of step {@code step} of epoch {@code epoch}: the global step counts steps of
   * {@code ⌈n / batch⌉} per epoch. Never 0 (0 means no dropout to the caller).
   */
  static long key(long seed, int epoch, int step, int batch, long n) {
    long steps = (n + batch - 1) / batch;
    long k = Seeds.derive(seed, Seeds.Purpose.DROPOUT, epoch * steps + step);
    return k == 0 ? 1 : k;
  }

  /**
   * Fills the masks of every layer with dropout for the {@code cols} workspace columns holding
   * the block's examples {@code order[c0 … c0 + cols)} (local indices from {@code start}).
   */
  static void draw(Network net, Workspace ws, long key, long start, int[] order, int c0,
      int cols) {
    for (int l = 0; l < net.layers(); l++) {
      float rate = net.dropout(l);
      if (rate == 0f) {
        continue;
      }
      float[] m = ws.mask(l);
      int units = net.units(l);
      float scale = (float) (1.0 / (1.0 - rate));
      long threshold = (long) (rate * 0x1.0p53);
      long layerSalt = (l + 1L) * 0xbf58476d1ce4e5b9L;
      for (int j = 0; j < cols; j++) {
        long example = start + order[c0 + j];
        long h = Seeds.mix(Seeds.mix(key ^ example * 0x9e3779b97f4a7c15L) + layerSalt);
        int off = j * units;
        for (int i = 0; i < units; i++) {
          long u = Seeds.mix(h + i * 0x94d049bb133111ebL) >>> 11;
          m[off + i] = u < threshold ? 0f : scale;
        }
      }
    }
  }
}
