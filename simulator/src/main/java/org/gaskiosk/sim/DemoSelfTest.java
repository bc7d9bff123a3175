package org.gaskiosk.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.gaskiosk.core.domain.CardFamily;
import org.gaskiosk.core.domain.CardSnapshot;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.core.domain.MeterRecord;
import org.gaskiosk.core.fleet.CommandHandler;
import org.gaskiosk.core.journal.PendingEvent;
import org.gaskiosk.core.journal.RechargeJournal;
import org.gaskiosk.core.port.CardReader;
import org.gaskiosk.core.port.CentralSystem;
import org.gaskiosk.core.port.LookupRequest;
import org.gaskiosk.core.port.LookupResult;
import org.gaskiosk.hw.printer.EscPosPrinter;
import org.gaskiosk.hw.printer.PrinterStatus;

/**
 * The {@code self-test} command: asks every device and the link for a real answer now, and reports
 * each in the {@code cmd.result}'s {@code data.devices} ({@code ok} and a sentence). It reads
 * status only (no actuator moves, no money moves), so it does not wait for the customer.
 *
 * <p>The journal check commits a {@code selftest.journal} event durably and reads the journal back;
 * the broker check is a {@code card.lookup} of a card number no account has, which only the central
 * system can answer ({@code unknown}): a round trip through the broker and the central.
 */
final class DemoSelfTest {
  /** A card number the central system never issues: its lookup proves the round trip. */
  static final String PROBE_CARD = "0000000000000000";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Clock clock;
  private final CardReader reader;
  private final Supplier<String> acceptorHealth;
  private final EscPosPrinter printer;
  private final Supplier<Map<String, Object>> gpio;
  private final RechargeJournal journal;
  private final CentralSystem central;

  DemoSelfTest(
      Clock clock,
      CardReader reader,
      Supplier<String> acceptorHealth,
      EscPosPrinter printer,
      Supplier<Map<String, Object>> gpio,
      RechargeJournal journal,
      CentralSystem central) {
    this.clock = clock;
    this.reader = reader;
    this.acceptorHealth = acceptorHealth;
    this.printer = printer;
    this.gpio = gpio;
    this.journal = journal;
    this.central = central;
  }

  CommandHandler handler() {
    return CommandHandler.of(false, args -> run());
  }

  CommandHandler.Outcome run() {
    ObjectNode devices = JSON.createObjectNode();
    check(devices, "card-reader", this::cardReader);
    check(devices, "bill-acceptor", this::acceptor);
    check(devices, "printer", this::printer);
    check(devices, "gpio", this::gpio);
    check(devices, "journal", this::journal);
    check(devices, "broker", this::broker);
    ObjectNode data = JSON.createObjectNode();
    data.set("devices", devices);
    long failed =
        devices.properties().stream().filter(e -> !e.getValue().get("ok").asBoolean()).count();
    String detail =
        failed == 0
            ? "all " + devices.size() + " checks passed"
            : failed
                + " of "
                + devices.size()
                + " checks failed: "
                + String.join(
                    ", ",
                    devices.properties().stream()
                        .filter(e -> !e.getValue().get("ok").asBoolean())
                        .map(Map.Entry::getKey)
                        .toList());
    return new CommandHandler.Outcome(failed == 0, detail, data);
  }

  private record Check(boolean ok, String detail) {}

  private static void check(ObjectNode into, String name, Supplier<Check> check) {
    Check c;
    try {
      c = check.get();
    } catch (RuntimeException e) {
      c = new Check(false, "check failed: " + e);
    }
    into.putObject(name).put("ok", c.ok()).put("detail", c.detail());
  }

  private Check cardReader() {
    String h = reader.health();
    return new Check(h.equals("ok"), "reader present: " + h);
  }

  private Check acceptor() {
    String h = acceptorHealth.get();
    // The driver says "ok: <status>" while no fault is active; otherwise it lists the faults.
    boolean ok = h.startsWith("ok");
    return new Check(ok, "acceptor status: " + h);
  }

  private Check printer() {
    PrinterStatus s = printer.status();
    return new Check(s.canPrint(), "printer status: " + s.describe());
  }

  private Check gpio() {
    Map<String, Object> s = gpio.get();
    return new Check(
        true,
        "inputs read: cash box door "
            + s.get("cashBoxDoor")
            + ", cabinet tamper "
            + s.get("cabinetTamper"));
  }

  private Check journal() {
    String probe = UUID.randomUUID().toString();
    journal.record(
        List.of(new PendingEvent("selftest.journal", Map.of("probeId", probe, "at", now()))));
    int unfinished = journal.unfinished().size();
    return new Check(
        true,
        "wrote and committed probe " + probe + "; read back " + unfinished + " unfinished txn(s)");
  }

  private Check broker() {
    Instant start = clock.instant();
    LookupResult r =
        central.lookup(
            new LookupRequest(
                "selftest-" + UUID.randomUUID(),
                new CardSnapshot(PROBE_CARD, CardFamily.PURSE, CardUnit.FEN, 0, MeterRecord.NONE)));
    long ms = Duration.between(start, clock.instant()).toMillis();
    if (r instanceof LookupResult.Unreachable u) {
      return new Check(false, "no round trip to the central system: " + u.message());
    }
    return new Check(true, "central answered through the broker in " + ms + " ms");
  }

  private String now() {
    return clock.instant().toString();
  }
}
