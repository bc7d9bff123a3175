package org.gaskiosk.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.gaskiosk.core.journal.PendingEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteCommandsTest {
  private static final String KIOSK = "K-001";
  private static final Duration TTL = Duration.ofMinutes(10);

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-14T07:00:00Z"));
  private final CentralKeys central = new CentralKeys();
  private final RecordedEvents journal = new RecordedEvents();
  private final List<String> ran = new ArrayList<>();
  private boolean customerPresent;

  private RemoteCommands commands() {
    CommandHandler printTest =
        CommandHandler.of(
            false,
            a -> {
              ran.add("print-test");
              return CommandHandler.Outcome.done("printed");
            });
    CommandHandler reboot =
        CommandHandler.of(
            true,
            a -> {
              ran.add("reboot");
              return CommandHandler.Outcome.done("rebooting");
            });
    return new RemoteCommands(
        KIOSK,
        new SignedMessages(central.pair.getPublic()),
        new CommandLog(dir.resolve("commands.log"), clock.instant()),
        Map.of("print-test", printTest, "reboot", reboot),
        journal,
        () -> customerPresent,
        clock,
        Duration.ofDays(7));
  }

  private Map<String, Object> lastResult() {
    PendingEvent e = journal.last("cmd.result");
    return e.body();
  }

  private void assertRefused(String reason) {
    assertThat(lastResult()).containsEntry("status", "refused").containsEntry("reason", reason);
    assertThat(ran).isEmpty();
  }

  @Test
  void runs_a_signed_command_and_reports_it_done() {
    commands()
        .received("print-test", central.command(KIOSK, "print-test", "c-1", clock.instant(), TTL));

    assertThat(ran).containsExactly("print-test");
    assertThat(lastResult())
        .containsEntry("cmdId", "c-1")
        .containsEntry("name", "print-test")
        .containsEntry("status", "done")
        .containsEntry("detail", "printed");
  }

  @Test
  void refuses_and_reports_an_unsigned_command() {
    byte[] doc =
        FleetDocuments.command(
            KIOSK, "print-test", "c-1", clock.instant(), clock.instant().plus(TTL), null);
    commands().received("print-test", doc);
    assertRefused("unsigned");
  }

  @Test
  void refuses_a_command_signed_with_another_key() {
    CentralKeys impostor = new CentralKeys();
    commands()
        .received("print-test", impostor.command(KIOSK, "print-test", "c-1", clock.instant(), TTL));
    assertRefused("bad-signature");
  }

  @Test
  void refuses_a_command_altered_after_signing() throws Exception {
    byte[] signed = central.command(KIOSK, "print-test", "c-1", clock.instant(), TTL);
    ObjectNode env = (ObjectNode) CentralKeys.JSON.readTree(signed);
    String doc =
        new String(Base64.getDecoder().decode(env.get("payload").asText()), StandardCharsets.UTF_8);
    env.put(
        "payload",
        Base64.getEncoder()
            .encodeToString(doc.replace("print-test", "reboot").getBytes(StandardCharsets.UTF_8)));

    commands().received("reboot", CentralKeys.JSON.writeValueAsBytes(env));
    assertRefused("bad-signature");
  }

  @Test
  void refuses_an_expired_command() {
    byte[] cmd = central.command(KIOSK, "print-test", "c-1", clock.instant(), TTL);
    clock.advance(TTL);
    commands().received("print-test", cmd);
    assertRefused("expired");
  }

  @Test
  void refuses_a_replayed_command_even_after_a_restart() {
    byte[] cmd = central.command(KIOSK, "print-test", "c-1", clock.instant(), TTL);
    RemoteCommands first = commands();
    first.received("print-test", cmd);
    first.received("print-test", cmd);
    assertThat(lastResult()).containsEntry("reason", "replayed");

    commands().received("print-test", cmd);
    assertThat(lastResult()).containsEntry("status", "refused").containsEntry("reason", "replayed");
    assertThat(ran).containsExactly("print-test");
  }

  @Test
  void refuses_a_command_for_another_kiosk_or_signed_under_another_name() {
    RemoteCommands commands = commands();
    commands.received(
        "print-test", central.command("K-002", "print-test", "c-1", clock.instant(), TTL));
    assertRefused("wrong-kiosk");
    commands.received("reboot", central.command(KIOSK, "print-test", "c-2", clock.instant(), TTL));
    assertRefused("name-mismatch");
  }

  @Test
  void refuses_a_command_valid_longer_than_the_kiosk_remembers_ids() {
    commands()
        .received(
            "print-test",
            central.command(KIOSK, "print-test", "c-1", clock.instant(), Duration.ofDays(30)));
    assertRefused("validity-too-long");
  }

  @Test
  void refuses_a_command_this_kiosk_has_no_handler_for() {
    commands()
        .received(
            "self-destruct", central.command(KIOSK, "self-destruct", "c-1", clock.instant(), TTL));
    assertRefused("unsupported");
  }

  @Test
  void defers_a_disruptive_command_while_a_customer_is_mid_transaction_and_runs_it_after() {
    RemoteCommands commands = commands();
    customerPresent = true;
    commands.received("reboot", central.command(KIOSK, "reboot", "c-1", clock.instant(), TTL));
    commands.received(
        "print-test", central.command(KIOSK, "print-test", "c-2", clock.instant(), TTL));
    commands.tick();

    assertThat(ran).as("print-test is not disruptive").containsExactly("print-test");
    assertThat(journal.events.get(0).body()).containsEntry("status", "deferred");

    customerPresent = false;
    commands.tick();
    assertThat(ran).containsExactly("print-test", "reboot");
    assertThat(lastResult()).containsEntry("cmdId", "c-1").containsEntry("status", "done");
  }

  @Test
  void a_deferred_command_survives_a_restart_and_runs_once_the_customer_is_gone() {
    customerPresent = true;
    commands().received("reboot", central.command(KIOSK, "reboot", "c-1", clock.instant(), TTL));

    customerPresent = false;
    RemoteCommands restarted = commands();
    restarted.restorePending();

    assertThat(ran).containsExactly("reboot");
    restarted.received("reboot", central.command(KIOSK, "reboot", "c-1", clock.instant(), TTL));
    assertThat(ran).as("still remembered as received").containsExactly("reboot");
  }

  @Test
  void a_deferred_command_that_expires_before_the_customer_leaves_is_reported_expired() {
    RemoteCommands commands = commands();
    customerPresent = true;
    commands.received("reboot", central.command(KIOSK, "reboot", "c-1", clock.instant(), TTL));
    clock.advance(TTL);
    commands.tick();

    assertThat(lastResult()).containsEntry("status", "expired");
    customerPresent = false;
    commands.tick();
    assertThat(ran).isEmpty();
  }
}
