package org.gaskiosk.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {
  @Test
  void defaults_are_the_documented_ones() {
    DemoOptions o = DemoOptions.parse(new String[0]);

    assertThat(o.kioskPort()).isEqualTo(8080);
    assertThat(o.simPort()).isEqualTo(8081);
    assertThat(o.kioskId()).isEqualTo("K0001");
    assertThat(o.telemetryInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(o.settleAt()).isEqualTo(LocalTime.of(23, 30));
  }

  @Test
  void the_business_day_can_close_at_any_time_of_day() {
    assertThat(DemoOptions.parse(new String[] {"--settle-at", "06:15"}).settleAt())
        .isEqualTo(LocalTime.of(6, 15));
    assertThat(DemoOptions.parse(new String[] {"--settle-at", "23:59:59.999999999"}).settleAt())
        .isEqualTo(LocalTime.MAX);
  }

  @Test
  void every_bad_option_is_refused_with_its_name() {
    for (List<String> bad :
        List.of(
            List.of("--settle-at", "25:00"),
            List.of("--settle-at", "noon"),
            List.of("--telemetry-interval", "0"),
            List.of("--kiosk-port", "70000"),
            List.of("--kiosk-id", "K 1"),
            List.of("--card-transport", "usb"),
            List.of("--settle-at"))) {
      assertThatThrownBy(() -> DemoOptions.parse(bad.toArray(String[]::new)))
          .as(String.join(" ", bad))
          .isInstanceOf(DemoOptions.Invalid.class)
          .hasMessageContaining(bad.get(0));
    }
    assertThatThrownBy(() -> DemoOptions.parse(new String[] {"--bogus", "1"}))
        .isInstanceOf(DemoOptions.Invalid.class)
        .hasMessageContaining("unknown option --bogus");
  }
}
