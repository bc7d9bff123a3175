package org.gaskiosk.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.core.journal.CrashPoint;
import org.gaskiosk.core.journal.OutboxEvent;
import org.gaskiosk.core.port.LookupResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResidentServicesTest {
  @TempDir Path dir;
  private FakePurse card;
  private FakeCentral central;
  private EngineHarness kiosk;

  @BeforeEach
  void start() {
    card = new FakePurse("3100000000000001", CardUnit.FEN, 1200);
    central = new FakeCentral();
    kiosk =
        new EngineHarness(
                dir,
                card,
                central,
                CrashPoint.NONE,
                KioskConfig.defaults("K1", "001122334455")
                    .withHotline("400-800-9510")
                    .withAccessibleSlowdown(3))
            .start();
  }

  @AfterEach
  void stop() {
    kiosk.close();
  }

  private List<OutboxEvent> events(String type) {
    return kiosk.journal.outbox().after(0, 100).stream()
        .filter(e -> e.type().equals(type))
        .toList();
  }

  @Test
  void a_resident_under_a_safety_hold_books_an_inspection_once_and_sees_its_reference() {
    central.safety = LookupResult.Safety.HOLD;
    card.inserted = true;
    kiosk.awaitScreen("account");

    KioskView booked = kiosk.done("request-service", Map.of("kind", "inspection"));
    KioskView again = kiosk.done("request-service", Map.of("kind", "inspection"));

    assertThat(booked.screen()).isEqualTo("account");
    assertThat(booked.data()).containsEntry("hotline", "400-800-9510");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> shown =
        (List<Map<String, Object>>) again.data().get("serviceRequests");
    assertThat(shown).hasSize(1);
    assertThat(shown.get(0)).containsEntry("kind", "inspection");
    assertThat((String) shown.get(0).get("reference")).matches("S[0-9A-F]{8}");
    List<OutboxEvent> sent = events("service.request");
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).bodyJson())
        .contains("\"kind\":\"inspection\"")
        .contains("\"cardNo\":\"3100000000000001\"")
        .contains("\"safetyStatus\":\"hold\"")
        .contains((String) shown.get(0).get("reference"));
  }

  @Test
  void bad_service_requests_are_refused_and_record_nothing() {
    kiosk.awaitScreen("idle");
    assertRejected(kiosk.act("request-service", Map.of("kind", "inspection")), 409, "card-needed");
    assertRejected(kiosk.act("request-service", Map.of("kind", "callback")), 409, "phone-needed");
    assertRejected(kiosk.act("request-service", Map.of("kind", "party")), 400, "invalid-body");
    assertRejected(
        kiosk.act("request-service", Map.of("kind", "callback", "phone", "12ab")),
        400,
        "invalid-body");
    assertRejected(
        kiosk.act("request-service", Map.of("kind", "problem", "colour", "red")),
        400,
        "invalid-body");
    assertThat(events("service.request")).isEmpty();

    KioskView ok =
        kiosk.done("request-service", Map.of("kind", "callback", "phone", "13800138000"));
    assertThat(ok.screen()).isEqualTo("idle");
    assertThat(events("service.request")).hasSize(1);
  }

  @Test
  void a_rating_after_a_purchase_is_sent_once_and_shown_on_the_done_screen() {
    card.inserted = true;
    kiosk.awaitScreen("account");
    assertRejected(kiosk.act("rate-service", Map.of("rating", "good")), 409, "wrong-screen");
    kiosk.done("start-purchase", Map.of());
    kiosk.done("set-amount", Map.of("amount", 2000L));
    kiosk.done("choose-payment", Map.of("method", "cash"));
    assertThat(kiosk.acceptor.insert(2000)).isTrue();
    KioskView done = kiosk.done("finish-cash", Map.of());
    assertThat(done.screen()).isEqualTo("done");

    assertRejected(kiosk.act("rate-service", Map.of("rating", "great")), 400, "invalid-body");
    KioskView rated = kiosk.done("rate-service", Map.of("rating", "good"));
    assertRejected(kiosk.act("rate-service", Map.of("rating", "bad")), 409, "already-rated");

    assertThat(rated.data()).containsEntry("rated", "good");
    List<OutboxEvent> sent = events("feedback");
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).bodyJson())
        .contains("\"rating\":\"good\"")
        .contains("\"txnId\":\"" + done.data().get("txnId") + "\"");
  }

  @Test
  void accessible_mode_makes_the_choice_countdown_run_longer() {
    card.inserted = true;
    kiosk.awaitScreen("account");
    KioskView normal = kiosk.done("start-purchase", Map.of());
    long plain = ((Number) normal.data().get("secondsLeft")).longValue();
    kiosk.done("cancel", Map.of());

    kiosk.done("set-accessible", Map.of("on", true));
    KioskView slow = kiosk.done("start-purchase", Map.of());
    long stretched = ((Number) slow.data().get("secondsLeft")).longValue();

    long configured = KioskConfig.defaults("K1", "001122334455").choiceTimeout().toSeconds();
    assertThat(plain).isBetween(configured - 2, configured);
    assertThat(stretched).isBetween(3 * configured - 2, 3 * configured);

    KioskView off = kiosk.done("set-accessible", Map.of("on", false));
    assertThat(((Number) off.data().get("secondsLeft")).longValue())
        .isBetween(configured - 2, configured);
  }

  @Test
  void an_invalid_hotline_or_slowdown_stops_start_up_naming_the_key() {
    KioskConfig base = KioskConfig.defaults("K1", "001122334455");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> base.withHotline("call us"))
        .hasMessageContaining("kiosk.hotline");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> base.withAccessibleSlowdown(0))
        .hasMessageContaining("timeouts.accessibleSlowdown");
    assertThat(base.hotline()).isEmpty();
    assertThat(base.accessibleSlowdown()).isEqualTo(2);
    assertThat(
            base.withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1))
                .hotline())
        .isEmpty();
  }

  private static void assertRejected(ActionOutcome o, int status, String code) {
    assertThat(o)
        .isInstanceOfSatisfying(
            ActionOutcome.Rejected.class,
            r -> {
              assertThat(r.status()).isEqualTo(status);
              assertThat(r.error()).isEqualTo(code);
            });
  }
}
