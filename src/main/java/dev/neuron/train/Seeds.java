package dev.neuron.train;

/**
 * Every random draw in Neuron comes from the run's seed through {@link #derive}, so any run, and
 * any failing test, replays exactly. Mixing is SplitMix64's finalizer, applied per component.
 */
public final class Seeds {
  /** What a derived seed is for; part of the derivation, so purposes never share a stream. */
  public enum Purpose {
    INIT,
    SHUFFLE,
    SPLIT,
    DROPOUT
  }

  private Seeds() {}

  /** A seed for {@code purpose} in a given epoch (or other index), from the run's seed. */
  public static long derive(long seed, Purpose purpose, long index) {
    long h = mix(seed ^ 0x6a09e667f3bcc909L);
    h = mix(h ^ (purpose.ordinal() + 1L) * 0x9e3779b97f4a7c15L);
    return mix(h ^ index * 0xbf58476d1ce4e5b9L);
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
