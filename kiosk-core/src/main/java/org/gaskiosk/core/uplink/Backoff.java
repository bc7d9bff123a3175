package org.gaskiosk.core.uplink;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential reconnect backoff with jitter, one per connection (Paho's own reconnect delay is a
 * static field shared by every client of the JVM and has no jitter, so a broker restart would make
 * a fleet reconnect in lock-step).
 *
 * <p>Attempt {@code n} (from 0) waits a uniformly random time in {@code [d/2, d]} where {@code d =
 * min(max, min * 2^n)}: the ceiling doubles, and the lower half-bound keeps a failing broker from
 * being hammered by attempts that happened to draw zero.
 */
public final class Backoff {
  private final Duration min;
  private final Duration max;
  private final RandomGenerator random;

  public Backoff(Duration min, Duration max, RandomGenerator random) {
    this.min = Objects.requireNonNull(min, "min");
    this.max = Objects.requireNonNull(max, "max");
    this.random = Objects.requireNonNull(random, "random");
    if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("need 0 < min <= max, got " + min + " and " + max);
    }
  }

  /** The ceiling of attempt {@code attempt}: {@code min(max, min * 2^attempt)}. */
  public Duration ceiling(int attempt) {
    long minMs = min.toMillis();
    long maxMs = max.toMillis();
    int shift = Math.min(Math.max(attempt, 0), 30);
    long ceiling = minMs > (maxMs >> shift) ? maxMs : Math.min(maxMs, minMs << shift);
    return Duration.ofMillis(ceiling);
  }

  /** How long to wait before attempt {@code attempt} (0 = the first retry). */
  public Duration delay(int attempt) {
    long ceiling = ceiling(attempt).toMillis();
    long floor = ceiling / 2;
    return Duration.ofMillis(floor + random.nextLong(ceiling - floor + 1));
  }
}
