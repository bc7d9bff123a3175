package org.gaskiosk.core.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff backoff =
      new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new SplittableRandom(7));

  @Test
  void ceiling_doubles_per_attempt_and_stops_at_the_maximum() {
    assertThat(backoff.ceiling(0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.ceiling(5)).isEqualTo(Duration.ofSeconds(32));
    assertThat(backoff.ceiling(6)).isEqualTo(Duration.ofSeconds(60));
    assertThat(backoff.ceiling(1_000)).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void every_delay_lies_between_half_the_ceiling_and_the_ceiling() {
    for (int attempt = 0; attempt < 40; attempt++) {
      Duration ceiling = backoff.ceiling(attempt);
      assertThat(backoff.delay(attempt)).isBetween(ceiling.dividedBy(2), ceiling);
    }
  }

  @Test
  void two_kiosks_do_not_reconnect_in_lock_step() {
    Backoff a = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(2), new SplittableRandom(1));
    Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(2), new SplittableRandom(2));
    List<Duration> da = new ArrayList<>();
    List<Duration> db = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      da.add(a.delay(i));
      db.add(b.delay(i));
    }
    assertThat(da).isNotEqualTo(db);
  }

  @Test
  void refuses_a_maximum_below_the_minimum() {
    assertThatThrownBy(
            () -> new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(1), new SplittableRandom()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
