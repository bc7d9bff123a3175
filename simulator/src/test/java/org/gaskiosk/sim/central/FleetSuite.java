package org.gaskiosk.sim.central;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.gaskiosk.core.fleet.FleetDocuments;
import org.gaskiosk.core.fleet.KioskMode;
import org.gaskiosk.core.fleet.Severity;
import org.gaskiosk.core.fleet.SignedMessages;
import org.gaskiosk.core.uplink.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fleet operations end to end: a kiosk wired as in production (journal, uplink, fleet agent) and
 * the central simulator, over the broker a subclass names.
 */
abstract class FleetSuite {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String kioskId = broker().newKioskId();
  private final Topics topics = new Topics(kioskId);
  private final AutoCloseables closeables = new AutoCloseables();
  private CentralSimulator central;

  @TempDir Path dir;

  /** The broker this run uses. */
  protected abstract TestBroker broker();

  @BeforeEach
  void givenACentral() throws Exception {
    central =
        closeables.add(
            new CentralSimulator(
                broker()
                    .central(
                        dir.resolve("central"),
                        "central-" + kioskId,
                        LoadKeys.fromMasterKey(new byte[16])),
                Clock.systemUTC()));
    central.start();
    await().atMost(WAIT).until(central::isConnected);
  }

  @AfterEach
  void closeEverything() throws Exception {
    closeables.closeAll();
  }

  private FleetKiosk kiosk() {
    FleetKiosk k =
        closeables.add(
            new FleetKiosk(
                broker()
                    .kiosk(kioskId)
                    .withOutbox(10, 4, Duration.ofSeconds(5), Duration.ofMillis(200))
                    .withReconnect(Duration.ofMillis(100), Duration.ofSeconds(1)),
                central,
                dir.resolve("kiosk")));
    await().atMost(WAIT).until(() -> k.uplink.health().connected());
    return k;
  }

  private static JsonNode json(String s) throws Exception {
    return JSON.readTree(s);
  }

  private String statusOf(String cmdId) {
    return central
        .awaitFleet(kioskId, f -> f.commandResults.containsKey(cmdId), WAIT)
        .commandResults
        .get(cmdId)
        .path("status")
        .asText();
  }

  @Test
  void a_signed_lock_locks_the_kiosk_and_its_presence_until_a_signed_unlock() throws Exception {
    FleetKiosk kiosk = kiosk();

    String lock = central.sendCommand(kioskId, "lock", json("{\"reason\":\"audit\"}"), WAIT);
    assertThat(statusOf(lock)).isEqualTo("done");
    await()
        .atMost(WAIT)
        .until(() -> kiosk.modes.contains(new KioskMode(KioskMode.Kind.LOCKED, "audit")));
    await()
        .atMost(WAIT)
        .until(
            () ->
                central
                    .presence(kioskId)
                    .map(p -> p.path("mode").asText())
                    .orElse("")
                    .equals("locked"));
    assertThat(central.presence(kioskId).orElseThrow().path("modeReason").asText())
        .isEqualTo("audit");

    String unlock = central.sendCommand(kioskId, "unlock", null, WAIT);
    assertThat(statusOf(unlock)).isEqualTo("done");
    await().atMost(WAIT).until(() -> kiosk.agent.mode().serving());
    assertThat(central.awaitFleet(kioskId, f -> "in-service".equals(f.mode), WAIT).mode)
        .isEqualTo("in-service");
  }

  @Test
  void a_lock_sent_while_a_customer_is_mid_transaction_waits_until_the_customer_is_gone() {
    FleetKiosk kiosk = kiosk();
    kiosk.customerPresent = true;

    String lock = central.sendCommand(kioskId, "lock", null, WAIT);
    assertThat(statusOf(lock)).isEqualTo("deferred");
    assertThat(kiosk.agent.mode().serving()).isTrue();

    kiosk.customerPresent = false;
    central.awaitFleet(
        kioskId, r -> "done".equals(r.commandResults.get(lock).path("status").asText()), WAIT);
    assertThat(kiosk.agent.mode().kind()).isEqualTo(KioskMode.Kind.LOCKED);
  }

  @Test
  void unsigned_badly_signed_expired_and_replayed_commands_are_refused_and_reported()
      throws Exception {
    FleetKiosk kiosk = kiosk();
    RawClient hand = closeables.add(broker().rawCentral("hand-central-" + kioskId));
    hand.subscribe(topics.command("print-test"));
    Instant now = Instant.now();

    byte[] unsigned =
        FleetDocuments.command(kioskId, "print-test", "c-unsigned", now, now.plusSeconds(60), null);
    hand.publish(topics.command("print-test"), new String(unsigned, StandardCharsets.UTF_8));
    byte[] forged =
        SignedMessages.sign(
            KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate(),
            FleetDocuments.command(
                kioskId, "print-test", "c-forged", now, now.plusSeconds(60), null));
    hand.publish(topics.command("print-test"), new String(forged, StandardCharsets.UTF_8));
    String expired = central.sendCommand(kioskId, "print-test", null, Duration.ofSeconds(-1));
    String good = central.sendCommand(kioskId, "print-test", null, WAIT);

    assertThat(statusOf(good)).isEqualTo("done");
    RawClient.Received original = hand.next(topics.command("print-test"), WAIT);
    while (!decoded(original).contains(good)) {
      original = hand.next(topics.command("print-test"), WAIT);
    }
    hand.publish(topics.command("print-test"), original.text());

    FleetRecord f =
        central.awaitFleet(
            kioskId,
            r ->
                "refused"
                    .equals(
                        r.commandResults
                            .getOrDefault(good, JSON.nullNode())
                            .path("status")
                            .asText()),
            WAIT);
    assertThat(f.commandResults.get("c-unsigned").path("reason").asText()).isEqualTo("unsigned");
    assertThat(f.commandResults.get("c-forged").path("reason").asText()).isEqualTo("bad-signature");
    assertThat(f.commandResults.get(expired).path("reason").asText()).isEqualTo("expired");
    assertThat(f.commandResults.get(good).path("reason").asText()).isEqualTo("replayed");
    assertThat(kiosk.printed).as("only the good command ran, once").hasSize(1);
  }

  private static String decoded(RawClient.Received r) {
    JsonNode env = r.json();
    return env.path("payload").isTextual()
        ? new String(
            java.util.Base64.getDecoder().decode(env.get("payload").asText()),
            StandardCharsets.UTF_8)
        : "";
  }

  @Test
  void a_command_sent_while_the_kiosk_is_offline_arrives_when_it_connects_again() {
    FleetKiosk first = kiosk();
    first.close(); // a clean disconnect: the broker keeps the session (expiry 7 days)

    String lock = central.sendCommand(kioskId, "lock", null, WAIT);
    FleetKiosk again = kiosk();

    assertThat(statusOf(lock)).isEqualTo("done");
    await().atMost(WAIT).until(() -> again.agent.mode().kind() == KioskMode.Kind.LOCKED);
  }

  @Test
  void a_configuration_retained_while_the_kiosk_was_away_is_applied_and_reported()
      throws Exception {
    central.pushConfig(kioskId, 3, json("{\"maxAmountFen\":50000}"));
    FleetKiosk kiosk = kiosk();

    await().atMost(WAIT).until(() -> kiosk.agent.configVersion() == 3);
    assertThat(kiosk.applied).containsExactly("3:{\"maxAmountFen\":50000}");
    assertThat(central.awaitFleet(kioskId, r -> r.configVersion == 3, WAIT).configVersion)
        .isEqualTo(3);
  }

  @Test
  void faults_reach_the_central_once_and_the_presence_says_why_the_kiosk_is_out_of_service() {
    FleetKiosk kiosk = kiosk();

    kiosk.agent.faults().raise("bill-acceptor", "jammed", Severity.CRITICAL, "Banknote jammed");
    kiosk.agent.faults().raise("bill-acceptor", "jammed", Severity.CRITICAL, "Banknote jammed");
    FleetRecord down = central.awaitFleet(kioskId, r -> "out-of-service".equals(r.mode), WAIT);
    assertThat(down.openFaults).containsOnlyKeys("bill-acceptor/jammed");
    assertThat(down.faultsRaised).isEqualTo(1);
    await()
        .atMost(WAIT)
        .until(
            () ->
                central
                    .presence(kioskId)
                    .map(p -> p.path("modeReason").asText())
                    .orElse("")
                    .contains("jammed"));

    kiosk.agent.faults().clear("bill-acceptor", "jammed");
    FleetRecord up = central.awaitFleet(kioskId, r -> "in-service".equals(r.mode), WAIT);
    assertThat(up.openFaults).isEmpty();
    assertThat(up.faultsCleared).isEqualTo(1);
  }

  @Test
  void telemetry_arrives_within_the_interval_and_expires_after_five_minutes() throws Exception {
    RawClient watcher = closeables.add(broker().rawCentral("tele-watcher-" + kioskId));
    watcher.subscribe(topics.telemetry());
    kiosk();

    RawClient.Received tele = watcher.next(topics.telemetry(), WAIT);
    assertThat(tele.properties().getMessageExpiryInterval()).isBetween(1L, 300L);
    JsonNode t = tele.json();
    assertThat(t.get("schema").asText()).isEqualTo("tele/1");
    assertThat(t.at("/cashBox/valueFen").asLong()).isEqualTo(15_000);
    assertThat(t.get("mode").asText()).isEqualTo("in-service");
    await().atMost(WAIT).until(() -> central.telemetry(kioskId).isPresent());
  }
}
