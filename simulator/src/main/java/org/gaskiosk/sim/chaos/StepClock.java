package org.gaskiosk.sim.chaos;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The campaign's time: it moves only when the campaign says so, so timeouts fire at the same step
 * in every run of a seed.
 */
final class StepClock extends Clock {
  private volatile Instant now;

  StepClock(Instant start) {
    this.now = start;
  }

  void advance(Duration d) {
    now = now.plus(d);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.ofHours(8);
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
