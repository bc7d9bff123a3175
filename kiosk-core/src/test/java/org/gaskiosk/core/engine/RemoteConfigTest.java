package org.gaskiosk.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RemoteConfigTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KioskConfig DEFAULTS = KioskConfig.defaults("K0001", "001122334455");
  private static final Duration TELE = Duration.ofSeconds(60);

  private static RemoteConfig.Parsed parse(String json) throws Exception {
    return RemoteConfig.parse(JSON.readTree(json), DEFAULTS, TELE);
  }

  private static String refusal(String json) throws Exception {
    return ((RemoteConfig.Refused) parse(json)).reason();
  }

  @Test
  void takes_limits_timeouts_and_the_telemetry_interval_and_defaults_the_rest() throws Exception {
    RemoteConfig c =
        ((RemoteConfig.Accepted)
                parse(
                    "{\"purchase\":{\"maxAmountFen\":50000},\"timeouts\":{\"cashS\":120},"
                        + "\"telemetry\":{\"intervalS\":30}}"))
            .config();

    assertThat(c.kiosk().maxAmountFen()).isEqualTo(50_000);
    assertThat(c.kiosk().minAmountFen()).isEqualTo(DEFAULTS.minAmountFen());
    assertThat(c.kiosk().cashTimeout()).isEqualTo(Duration.ofSeconds(120));
    assertThat(c.kiosk().choiceTimeout()).isEqualTo(DEFAULTS.choiceTimeout());
    assertThat(c.telemetryInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(((RemoteConfig.Accepted) parse("{}")).config())
        .isEqualTo(new RemoteConfig(DEFAULTS, TELE));
  }

  @Test
  void keeps_the_kiosks_own_hotline_and_accessible_slowdown() throws Exception {
    KioskConfig own = DEFAULTS.withHotline("400-800-9510");
    RemoteConfig c =
        ((RemoteConfig.Accepted)
                RemoteConfig.parse(
                    JSON.readTree("{\"purchase\":{\"maxAmountFen\":50000}}"), own, TELE))
            .config();

    assertThat(c.kiosk().hotline()).isEqualTo("400-800-9510");
    assertThat(c.kiosk().accessibleSlowdown()).isEqualTo(own.accessibleSlowdown());
  }

  @Test
  void names_the_key_it_cannot_take() throws Exception {
    assertThat(refusal("{\"purchase\":{\"maxAmountFen\":12.5}}")).contains("purchase.maxAmountFen");
    assertThat(refusal("{\"purchase\":{\"minAmountFen\":5000,\"maxAmountFen\":2000}}"))
        .contains("purchase.maxAmountFen");
    assertThat(refusal("{\"purchase\":{\"maxAmountFen\":20000000}}"))
        .contains("purchase.maxAmountFen", "100000 yuan");
    assertThat(refusal("{\"timeouts\":{\"cashS\":1}}")).contains("timeouts.cashS");
    assertThat(refusal("{\"telemetry\":{\"intervalS\":\"60\"}}")).contains("telemetry.intervalS");
    assertThat(refusal("{\"purchase\":{\"maxAmount\":1}}"))
        .contains("purchase.maxAmount", "unknown");
    assertThat(refusal("{\"screensaver\":{}}")).contains("screensaver", "unknown");
    assertThat(refusal("{\"tariff\":{\"tiers\":[]}}")).startsWith("tariff").contains("card.lookup");
    assertThat(refusal("{\"purchase\":5}")).contains("purchase", "object");
  }
}
