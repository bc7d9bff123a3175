package org.gaskiosk.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whether and how often to feed systemd's watchdog, from the environment systemd sets. */
class WatchdogIntervalTest {
  @Test
  void keepalives_go_at_half_the_period_systemd_asked_for() {
    assertThat(Watchdog.intervalFrom(Map.of("WATCHDOG_USEC", "60000000"), 42))
        .contains(Duration.ofSeconds(30));
    assertThat(Watchdog.intervalFrom(Map.of("WATCHDOG_USEC", "60000000", "WATCHDOG_PID", "42"), 42))
        .contains(Duration.ofSeconds(30));
  }

  @Test
  void no_keepalives_without_a_watchdog_or_when_it_is_meant_for_another_process() {
    assertThat(Watchdog.intervalFrom(Map.of(), 42)).isEmpty();
    assertThat(Watchdog.intervalFrom(Map.of("WATCHDOG_USEC", "60000000", "WATCHDOG_PID", "7"), 42))
        .isEmpty();
    assertThat(Watchdog.intervalFrom(Map.of("WATCHDOG_USEC", "soon"), 42)).isEmpty();
    assertThat(Watchdog.intervalFrom(Map.of("WATCHDOG_USEC", "0"), 42)).isEmpty();
  }

  @Test
  void without_notify_socket_nothing_is_sent() {
    assertThat(SdNotify.fromEnvironment(Map.of())).isSameAs(Notifier.NONE);
    assertThat(SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", "@/org/systemd/notify")))
        .isNotSameAs(Notifier.NONE);
  }
}
