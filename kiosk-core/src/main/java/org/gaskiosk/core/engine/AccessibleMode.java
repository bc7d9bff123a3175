package org.gaskiosk.core.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * The accessible mode's slower clock: while it is on, the choice and cash timeouts run {@link
 * KioskConfig#accessibleSlowdown()} times longer, so an elderly resident who reads, looks for notes
 * and types slowly is not sent back mid-purchase. Engine thread only.
 */
final class AccessibleMode {
  private AccessibleMode() {}

  /** The deadline {@code at} as the resident's mode has it. */
  static Instant stretch(CustomerFlow f, Instant at) {
    if (at == null || !f.accessible) {
      return at;
    }
    Instant now = f.clock.instant();
    return now.plus(Duration.between(now, at).multipliedBy(f.config.accessibleSlowdown()));
  }

  /** Turns the mode on or off; a countdown already running is stretched or shrunk with it. */
  static void set(CustomerFlow f, boolean on) {
    if (on == f.accessible) {
      return;
    }
    Duration left = f.timeLeft();
    f.accessible = on;
    if (left != null && !left.isNegative()) {
      int factor = f.config.accessibleSlowdown();
      Duration next = on ? left.multipliedBy(factor) : left.dividedBy(factor);
      f.deadline = f.clock.instant().plus(next);
    }
  }
}
