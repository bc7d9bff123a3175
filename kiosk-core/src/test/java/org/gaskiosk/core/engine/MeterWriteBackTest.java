package org.gaskiosk.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.core.domain.MeterRecord;
import org.gaskiosk.core.journal.CrashPoint;
import org.gaskiosk.core.journal.OutboxEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the meter wrote onto the card reaches the resident (notices on the account screen) and the
 * safety team (alert.meter, once per distinct reading), and a card still carrying gas the meter has
 * not taken is refused with its reason.
 */
class MeterWriteBackTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MeterRecord LEAK_AND_BATTERY =
      new MeterRecord(40, false, true, false, true, LocalDate.of(2026, 3, 1));

  @TempDir Path dir;
  private FakePurse card;
  private EngineHarness kiosk;

  @BeforeEach
  void start() {
    card = new FakePurse("3100000000000001", CardUnit.FEN, 1200);
    kiosk = new EngineHarness(dir, card, new FakeCentral(), CrashPoint.NONE).start();
  }

  @AfterEach
  void stop() {
    kiosk.close();
  }

  @Test
  void a_leak_alarm_is_shown_to_the_resident_and_sent_to_the_safety_team_once_per_reading() {
    card.meter = LEAK_AND_BATTERY;
    insertAndRemove();
    KioskView account = insert();

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> notices =
        (List<Map<String, Object>>) account.data().get("meterNotices");
    assertThat(notices).extracting(n -> n.get("code")).containsExactly("leak-alarm", "low-battery");
    assertThat(notices.get(0)).containsEntry("severity", "critical");
    List<JsonNode> alerts = alerts();
    assertThat(alerts).as("two insertions of one reading: one alert").hasSize(1);
    JsonNode a = alerts.get(0);
    assertThat(a.get("cardNo").asText()).isEqualTo("3100000000000001");
    assertThat(a.get("severity").asText()).isEqualTo("critical");
    assertThat(a.get("alarms").toString()).isEqualTo("[\"leak-alarm\",\"low-battery\"]");
    assertThat(a.get("remaining").asLong()).isEqualTo(40);
    assertThat(a.get("lastUse").asText()).isEqualTo("2026-03-01");
    assertThat(a.get("kioskId").asText()).isEqualTo("K1");

    remove();
    card.meter = new MeterRecord(35, false, true, false, true, LocalDate.of(2026, 3, 2));
    insert();
    assertThat(alerts()).as("the meter wrote a new reading: a new alert").hasSize(2);
  }

  @Test
  void a_card_without_alarms_sends_nothing_and_shows_no_notice() {
    card.meter = new MeterRecord(300, false, false, false, false, LocalDate.of(2026, 2, 20));
    KioskView account = insert();
    assertThat(account.data()).containsEntry("meterNotices", List.of());
    assertThat(alerts()).isEmpty();
  }

  @Test
  void an_alert_survives_a_controller_restart_and_is_not_sent_again_for_the_same_reading() {
    card.meter = LEAK_AND_BATTERY;
    insert();
    remove();
    kiosk.close();
    kiosk = new EngineHarness(dir, card, new FakeCentral(), CrashPoint.NONE).start();
    insert();
    assertThat(alerts()).hasSize(1);
  }

  @Test
  void a_card_still_carrying_gas_the_meter_has_not_taken_is_refused_with_its_reason() {
    card.meter = new MeterRecord(0, false, false, false, false, LocalDate.of(2026, 2, 1), true);
    card.inserted = true;
    KioskView refused = kiosk.awaitScreen("refused");
    assertThat(refused.data()).containsEntry("reasonCode", "untaken-load");
    assertThat((String) refused.data().get("reasonText")).contains("meter has not taken");
    assertThat(kiosk.act("start-purchase", Map.of())).isInstanceOf(ActionOutcome.Rejected.class);
    assertThat(kiosk.journal.all()).isEmpty();
    assertThat(card.balance).isEqualTo(1200);
  }

  private KioskView insert() {
    card.inserted = true;
    return kiosk.awaitScreen("account");
  }

  private void remove() {
    card.inserted = false;
    kiosk.awaitScreen("idle");
  }

  private void insertAndRemove() {
    insert();
    remove();
  }

  private List<JsonNode> alerts() {
    return kiosk.journal.outbox().after(0, 1000).stream()
        .filter(e -> e.type().equals("alert.meter"))
        .map(MeterWriteBackTest::body)
        .toList();
  }

  private static JsonNode body(OutboxEvent e) {
    try {
      return JSON.readTree(e.bodyJson());
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
  }
}
