package org.gaskiosk.sim.chaos;

import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/** The campaign's one source of choices, from the seed; nothing else in a run is random. */
final class Rng {
  private final RandomGenerator g;

  Rng(long seed) {
    this.g = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
  }

  boolean chance(double p) {
    return g.nextDouble() < p;
  }

  int below(int n) {
    return g.nextInt(n);
  }

  long between(long from, long toInclusive) {
    return g.nextLong(from, toInclusive + 1);
  }

  <T> T pick(List<T> items) {
    return items.get(g.nextInt(items.size()));
  }

  /** A generator split off for a device that needs its own randomness (card RNGs, keys). */
  RandomGenerator split() {
    return RandomGeneratorFactory.of("L64X128MixRandom").create(g.nextLong());
  }
}
