package org.gaskiosk.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fleet console on the simulator's port and the commands the demo's composition root supplies,
 * through the control API of a whole in-process demo (embedded broker, telemetry every second).
 */
class DemoFleetConsoleTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String KIOSK = "K0001";

  @RegisterExtension static final DemoDriver demo = new DemoDriver("--telemetry-interval", "1");

  private static JsonNode fleetKiosk() throws Exception {
    for (JsonNode k : demo.get(demo.simUri("/sim/central/fleet")).path("kiosks")) {
      if (k.path("kioskId").asText().equals(KIOSK)) {
        return k;
      }
    }
    return NullNode.getInstance();
  }

  private static JsonNode openFault(String device) throws Exception {
    for (JsonNode f : fleetKiosk().path("openFaults")) {
      if (f.path("device").asText().equals(device)) {
        return f;
      }
    }
    return null;
  }

  /** Sends a command through the control API and waits for its final result. */
  private static JsonNode command(String name, String args) throws Exception {
    JsonNode sent =
        demo.sim(
            "/sim/central/commands",
            "{\"kioskId\":\"" + KIOSK + "\",\"name\":\"" + name + "\",\"args\":" + args + "}",
            202);
    String cmdId = sent.path("cmdId").asText();
    AtomicReference<JsonNode> result = new AtomicReference<>();
    await()
        .atMost(WAIT)
        .until(
            () -> {
              JsonNode r = demo.central().fleet(KIOSK).commandResults.get(cmdId);
              result.set(r);
              return r != null && !r.path("status").asText().equals("deferred");
            });
    return result.get();
  }

  @Test
  void the_console_shows_each_kiosk_online_since_when_with_fresh_telemetry_and_outbox_depth()
      throws Exception {
    await()
        .atMost(WAIT)
        .until(() -> fleetKiosk().path("telemetry").path("ageS").canConvertToLong());
    JsonNode k = fleetKiosk();

    assertThat(k.at("/presence/state").asText()).isEqualTo("online");
    assertThat(k.at("/presence/since").asText()).isNotBlank();
    assertThat(k.at("/presence/bootId").asText()).isNotBlank();
    assertThat(k.path("mode").asText()).isEqualTo("in-service");
    assertThat(k.at("/telemetry/ageS").asLong()).isLessThan(5);
    assertThat(k.at("/telemetry/values/devices").has("printer")).isTrue();
    assertThat(k.at("/telemetry/values/cashBox/notes").canConvertToLong()).isTrue();
    assertThat(k.path("outboxDepth").canConvertToLong()).isTrue();

    HttpResponse<String> page = demo.fetch(demo.simUri("/fleet"));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("content-type").orElse("")).contains("text/html");
    assertThat(page.body()).contains("Fleet console", "/sim/central/fleet", "setInterval");
  }

  @Test
  void an_acceptor_jam_shows_on_the_console_as_an_open_fault_and_out_of_service_until_cleared()
      throws Exception {
    demo.sim("/sim/bill-acceptor", "{\"fault\":\"jam\"}", 200);

    JsonNode fault = await().atMost(WAIT).until(() -> openFault("bill-acceptor"), f -> f != null);
    assertThat(fault.path("device").asText()).isEqualTo("bill-acceptor");
    assertThat(fault.path("severity").asText()).isEqualTo("critical");
    assertThat(fault.path("text").asText()).isNotBlank();
    assertThat(fault.path("since").asText()).isNotBlank();
    await().atMost(WAIT).until(() -> fleetKiosk().path("mode").asText().equals("out-of-service"));
    assertThat(fleetKiosk().path("attention").toString()).contains("out-of-service");

    demo.sim("/sim/bill-acceptor", "{\"fault\":\"none\"}", 200);
    await()
        .atMost(WAIT)
        .until(
            () ->
                openFault("bill-acceptor") == null
                    && fleetKiosk().path("mode").asText().equals("in-service"));
  }

  @Test
  void a_self_test_reports_every_device_and_the_broker_round_trip() throws Exception {
    JsonNode r = command("self-test", "{}");

    assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("done");
    JsonNode devices = r.at("/data/devices");
    assertThat(devices.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder(
            "card-reader", "bill-acceptor", "printer", "gpio", "journal", "broker");
    devices.forEach(d -> assertThat(d.path("ok").asBoolean()).as(d.toString()).isTrue());
    assertThat(devices.at("/broker/detail").asText()).contains("central answered");
  }

  @Test
  void a_self_test_names_the_device_that_fails() throws Exception {
    demo.sim("/sim/printer", "{\"paper\":\"out\"}", 200);
    try {
      JsonNode r = command("self-test", "{}");

      assertThat(r.path("status").asText()).isEqualTo("failed");
      assertThat(r.path("detail").asText()).contains("printer");
      assertThat(r.at("/data/devices/printer/ok").asBoolean()).isFalse();
      assertThat(r.at("/data/devices/card-reader/ok").asBoolean()).isTrue();
      await()
          .atMost(WAIT)
          .until(() -> fleetKiosk().path("openFaults").toString().contains("paper-out"));
      assertThat(fleetKiosk().path("mode").asText())
          .as("the printer is not required: no receipts, still in service")
          .isEqualTo("in-service");
    } finally {
      demo.sim("/sim/printer", "{\"paper\":\"ok\"}", 200);
    }
    assertThat(command("self-test", "{}").path("status").asText()).isEqualTo("done");
    await()
        .atMost(WAIT)
        .until(() -> !fleetKiosk().path("openFaults").toString().contains("paper-out"));
  }

  @Test
  void a_resync_reports_the_open_faults_and_is_done() throws Exception {
    JsonNode r = command("resync", "{}");

    assertThat(r.path("status").asText()).isEqualTo("done");
    assertThat(r.path("detail").asText()).contains("presence, unacknowledged events and cfg");
    await()
        .atMost(WAIT)
        .until(
            () ->
                demo.central().ledger().events().values().stream()
                    .anyMatch(e -> e.type().equals("faults.open")));
  }

  @Test
  void a_signed_configuration_sets_the_purchase_limits_and_a_value_it_cannot_take_is_rejected()
      throws Exception {
    demo.sim(
        "/sim/central/config",
        "{\"kioskId\":\"K0001\",\"version\":1,\"config\":{\"purchase\":{\"maxAmountFen\":3000}}}",
        202);
    await().atMost(WAIT).until(() -> demo.central().fleet(KIOSK).configVersion == 1);
    try {
      demo.sim("/sim/cards/3100000000000001/insert", "", 200);
      await().atMost(WAIT).until(() -> demo.state().path("screen").asText().equals("account"));
      demo.kiosk("start-purchase", "", 200);
      JsonNode refused = demo.kiosk("set-amount", "{\"amount\":5000}", 422);
      assertThat(refused.toString()).contains("amount-out-of-range", "30.00");
      demo.kiosk("cancel", "", 200);
    } finally {
      demo.sim("/sim/card/remove", "", 200);
    }

    demo.sim(
        "/sim/central/config",
        "{\"kioskId\":\"K0001\",\"version\":2,\"config\":{\"purchase\":{\"maxAmountFen\":-5}}}",
        202);
    JsonNode rejection =
        await()
            .atMost(WAIT)
            .until(
                () -> demo.central().fleet(KIOSK).lastConfigRejection,
                r -> r != null && r.path("version").asLong() == 2);
    assertThat(rejection.path("reason").asText()).contains("purchase.maxAmountFen");
    demo.sim(
        "/sim/central/config",
        "{\"kioskId\":\"K0001\",\"version\":3,\"config\":{\"tariff\":{\"tiers\":[]}}}",
        202);
    assertThat(
            await()
                .atMost(WAIT)
                .until(
                    () -> demo.central().fleet(KIOSK).lastConfigRejection,
                    r -> r.path("version").asLong() == 3)
                .path("reason")
                .asText())
        .startsWith("tariff");
    assertThat(demo.fleet().configVersion()).isEqualTo(1);

    // Back to the defaults, for the other tests of this class.
    demo.sim("/sim/central/config", "{\"kioskId\":\"K0001\",\"version\":4,\"config\":{}}", 202);
    await().atMost(WAIT).until(() -> demo.fleet().configVersion() == 4);
  }

  @Test
  void a_reboot_restarts_the_controller_over_the_same_journal_and_it_serves_again()
      throws Exception {
    Object before = demo.engine();

    JsonNode r = command("reboot", "{}");

    assertThat(r.path("status").asText()).isEqualTo("done");
    await().atMost(WAIT).until(() -> demo.engine() != before && demo.engine().isRunning());
    demo.sim("/sim/cards/3100000000000001/insert", "", 200);
    try {
      await().atMost(WAIT).until(() -> demo.state().path("screen").asText().equals("account"));
    } finally {
      demo.sim("/sim/card/remove", "", 200);
    }
  }

  @Test
  void a_bad_command_request_gets_a_clear_error_and_sends_nothing() throws Exception {
    JsonNode bad =
        demo.sim("/sim/central/commands", "{\"kioskId\":\"K 1\",\"name\":\"self-test\"}", 400);
    assertThat(bad.path("message").asText()).contains("kioskId");
    JsonNode noArgs =
        demo.sim(
            "/sim/central/commands",
            "{\"kioskId\":\"" + KIOSK + "\",\"name\":\"lock\",\"args\":[1]}",
            400);
    assertThat(noArgs.path("message").asText()).contains("args");
  }
}
