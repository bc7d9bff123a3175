package org.gaskiosk.core.maintenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.gaskiosk.core.fleet.EventRecorder;
import org.gaskiosk.core.fleet.Fault;
import org.gaskiosk.core.fleet.Faults;
import org.gaskiosk.core.fleet.KioskMode;
import org.gaskiosk.core.fleet.Severity;
import org.gaskiosk.core.io.AtomicFiles;
import org.gaskiosk.core.journal.CashBox;
import org.gaskiosk.core.journal.PendingEvent;
import org.gaskiosk.core.port.ReceiptPrinter;
import org.gaskiosk.core.settlement.DailySettlement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maintenance visits: staff log in with a PIN (checked against salted PBKDF2 hashes), the kiosk
 * goes into maintenance mode for the visit, and staff collect cash, confirm a paper reload, run a
 * self-test of every device, read the open faults, hold the kiosk out of service or release it, and
 * print the daily settlement. Every login, failure and logout is an event. After {@link
 * Config#maxFailures} wrong PINs in a row logins are refused for {@link Config#lockout}; the count
 * and the lockout survive a restart (a power cycle must not reset the guessing budget).
 *
 * <p>Thread-safe: one action at a time.
 */
public final class MaintenanceDesk implements MaintenanceApi {
  private static final Logger log = LoggerFactory.getLogger(MaintenanceDesk.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The staff hold ("out of service" during a visit) is a critical cabinet fault. */
  public static final String HOLD = "held-by-staff";

  /**
   * @param kioskId for receipts
   * @param maxFailures wrong PINs in a row before the lockout
   * @param lockout how long logins are refused after that
   * @param lockoutFile where the failure count and lockout are kept
   */
  public record Config(String kioskId, int maxFailures, Duration lockout, Path lockoutFile) {
    public Config {
      Objects.requireNonNull(kioskId, "kioskId");
      if (maxFailures < 1) {
        throw new IllegalArgumentException("maxFailures must be at least 1");
      }
      if (lockout.isNegative() || lockout.isZero()) {
        throw new IllegalArgumentException("lockout must be positive");
      }
      Objects.requireNonNull(lockoutFile, "lockoutFile");
    }

    /** Five wrong PINs, then fifteen minutes. */
    public static Config defaults(String kioskId, Path dataFolder) {
      return new Config(
          kioskId, 5, Duration.ofMinutes(15), dataFolder.resolve("maintenance-lockout.json"));
    }
  }

  /** The devices and records a visit works with. */
  public record Parts(
      StaffPins pins,
      Faults faults,
      EventRecorder recorder,
      CashBox cashBox,
      ReceiptPrinter printer,
      Map<String, DeviceCheck> checks,
      BodyWatch body,
      DailySettlement settlement) {
    public Parts {
      Objects.requireNonNull(pins, "pins");
      Objects.requireNonNull(faults, "faults");
      Objects.requireNonNull(recorder, "recorder");
      Objects.requireNonNull(cashBox, "cashBox");
      Objects.requireNonNull(printer, "printer");
      checks = Map.copyOf(checks);
      Objects.requireNonNull(body, "body");
    }
  }

  private record Visit(String visitId, String staffId, byte[] token, Instant startedAt) {}

  private final Config config;
  private final Clock clock;
  private final Parts parts;
  private final SecureRandom random;
  private final MaintenanceReceipts receipts;
  private Visit visit;
  private int failures;
  private Instant lockedUntil;

  public MaintenanceDesk(Config config, Clock clock, Parts parts, SecureRandom random) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.parts = Objects.requireNonNull(parts, "parts");
    this.random = Objects.requireNonNull(random, "random");
    this.receipts = new MaintenanceReceipts(config.kioskId(), clock);
    loadLockout();
    endOrphanedVisit();
  }

  /**
   * Visits live in memory: after a restart nobody holds the token of a visit that was running, so
   * the maintenance mode it left is ended here rather than keeping the kiosk closed until someone
   * logs in and out. (A door still open is then an alarm again: staff log in anew.)
   */
  private void endOrphanedVisit() {
    if (parts.faults().mode().kind() != KioskMode.Kind.MAINTENANCE) {
      parts.faults().maintenance(null); // harmless when none was set; clears one under a lock
      return;
    }
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("visitId", null);
    e.put("endedAt", clock.instant().toString());
    e.put("reason", "restart");
    parts.recorder().record(List.of(new PendingEvent("maintenance.logout", e)));
    parts.faults().maintenance(null);
    log.warn("a maintenance visit was running when the kiosk stopped; ended");
  }

  @Override
  public synchronized Map<String, Object> state(String token) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("visitActive", visit != null);
    s.put("lockedUntil", locked() ? lockedUntil.toString() : null);
    s.put("attemptsLeft", config.maxFailures() - failures);
    if (!authorised(token)) {
      return s;
    }
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("visitId", visit.visitId());
    v.put("staffId", visit.staffId());
    v.put("startedAt", visit.startedAt().toString());
    s.put("visit", v);
    KioskMode mode = parts.faults().mode();
    s.put("mode", Map.of("kind", mode.kind().wireName(), "reason", mode.reason()));
    s.put("held", isHeld());
    s.put("faults", faultList());
    CashBox.Counters counters = parts.cashBox().counters();
    Map<String, Object> box = new LinkedHashMap<>();
    box.put("sinceCollection", CashBox.wire(counters.sinceCollection()));
    box.put("sinceInstall", CashBox.wire(counters.sinceInstall()));
    box.put("notes", counters.boxNotes());
    box.put("total", counters.boxTotal());
    s.put("cashBox", box);
    s.put("body", parts.body().state());
    s.put("devices", List.copyOf(parts.checks().keySet()));
    s.put(
        "lastSettlement",
        parts.settlement() == null
            ? null
            : parts.settlement().lastClosed().map(LocalDate::toString).orElse(null));
    return s;
  }

  @Override
  public synchronized MaintenanceOutcome act(String action, String token, Map<String, Object> map) {
    Body body = new Body(action, map);
    try {
      if (action.equals("login")) {
        return login(body);
      }
      if (!List.of(
              "logout",
              "collect-cash",
              "paper-reloaded",
              "self-test",
              "out-of-service",
              "in-service",
              "print-settlement")
          .contains(action)) {
        return new MaintenanceOutcome.Rejected(
            404, "unknown-action", "no maintenance action named " + action);
      }
      if (!authorised(token)) {
        return new MaintenanceOutcome.Rejected(
            401, "no-visit", "log in first: this needs the token of the visit in progress");
      }
      return switch (action) {
        case "logout" -> logout(body.only());
        case "collect-cash" -> collect(body.only());
        case "paper-reloaded" -> paperReloaded(body.only());
        case "self-test" -> selfTest(body.only());
        case "out-of-service" -> hold(body.only("reason"));
        case "in-service" -> release(body.only());
        default -> printSettlement(body.only("day"));
      };
    } catch (Body.Invalid e) {
      return new MaintenanceOutcome.Rejected(400, "invalid-body", e.getMessage());
    }
  }

  // ---- login and logout ---------------------------------------------------------------------

  private MaintenanceOutcome login(Body body) {
    body.only("staffId", "pin");
    String staffId = body.text("staffId");
    char[] pin = body.text("pin").toCharArray();
    try {
      if (locked()) {
        failed(staffId, "locked-out");
        return new MaintenanceOutcome.Rejected(
            423,
            "locked-out",
            "too many wrong PINs; logins are refused until " + lockedUntil + " (kiosk time)");
      }
      if (!parts.pins().verify(staffId, pin)) {
        failed(staffId, "wrong-pin");
        return locked()
            ? new MaintenanceOutcome.Rejected(
                423,
                "locked-out",
                "wrong staff id or PIN; too many in a row: logins refused until " + lockedUntil)
            : new MaintenanceOutcome.Rejected(
                401,
                "wrong-pin",
                "wrong staff id or PIN; "
                    + (config.maxFailures() - failures)
                    + " attempts left before the lockout");
      }
    } finally {
      StaffPins.wipe(pin);
    }
    failures = 0;
    saveLockout();
    if (visit != null) {
      // The screen lost the token (reload, crash): a valid PIN takes the visit over, so staff on
      // site are never locked out of their own visit. The old token is void from now.
      Map<String, Object> ended = new LinkedHashMap<>();
      ended.put("visitId", visit.visitId());
      ended.put("staffId", visit.staffId());
      ended.put("startedAt", visit.startedAt().toString());
      ended.put("endedAt", clock.instant().toString());
      ended.put("reason", "taken-over");
      ended.put("takenOverBy", staffId);
      parts.recorder().record(List.of(new PendingEvent("maintenance.logout", ended)));
      visit = null;
    }
    byte[] token = new byte[24];
    random.nextBytes(token);
    Visit v = new Visit(UUID.randomUUID().toString(), staffId, token, clock.instant());
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("visitId", v.visitId());
    e.put("staffId", staffId);
    e.put("startedAt", v.startedAt().toString());
    parts.recorder().record(List.of(new PendingEvent("maintenance.login", e)));
    visit = v;
    parts.faults().maintenance(staffId);
    parts.body().visitStarted(v.visitId());
    log.info("maintenance visit {} by {} started", v.visitId(), staffId);
    Map<String, Object> out = new LinkedHashMap<>(e);
    out.put("token", Base64.getUrlEncoder().withoutPadding().encodeToString(token));
    return new MaintenanceOutcome.Done(out);
  }

  private void failed(String staffId, String reason) {
    if (!reason.equals("locked-out")) {
      failures++;
      if (failures >= config.maxFailures()) {
        lockedUntil = clock.instant().plus(config.lockout());
        failures = 0;
      }
      saveLockout();
    }
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("staffId", staffId.length() > 32 ? staffId.substring(0, 32) : staffId);
    e.put("reason", reason);
    e.put("failuresInRow", failures);
    e.put("lockedUntil", locked() ? lockedUntil.toString() : null);
    parts.recorder().record(List.of(new PendingEvent("maintenance.login-failed", e)));
    log.warn("maintenance login as {} refused: {}", staffId, reason);
  }

  private MaintenanceOutcome logout(Body body) {
    if (parts.body().anyOpen()) {
      return new MaintenanceOutcome.Rejected(
          409, "body-open", "close the cash-box door and the cabinet before logging out");
    }
    Visit v = visit;
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("visitId", v.visitId());
    e.put("staffId", v.staffId());
    e.put("startedAt", v.startedAt().toString());
    e.put("endedAt", clock.instant().toString());
    e.put("held", isHeld());
    parts.recorder().record(List.of(new PendingEvent("maintenance.logout", e)));
    visit = null;
    parts.body().visitEnded();
    parts.faults().maintenance(null);
    KioskMode mode = parts.faults().mode();
    log.info("maintenance visit {} ended; mode {}", v.visitId(), mode.kind().wireName());
    Map<String, Object> out = new LinkedHashMap<>(e);
    out.put("mode", mode.kind().wireName());
    return new MaintenanceOutcome.Done(out);
  }

  // ---- the visit's work ---------------------------------------------------------------------

  private MaintenanceOutcome collect(Body body) {
    CashBox.Collection c = parts.cashBox().collect(visit.visitId(), visit.staffId());
    ReceiptPrinter.PrintResult printed = parts.printer().print(receipts.collection(c));
    Map<String, Object> out = new LinkedHashMap<>(c.eventBody());
    out.put("receipt", printed.printed() ? "printed" : "failed: " + printed.detail());
    return new MaintenanceOutcome.Done(out);
  }

  private MaintenanceOutcome paperReloaded(Body body) {
    DeviceCheck printer = parts.checks().get("printer");
    if (printer == null) {
      return new MaintenanceOutcome.Rejected(409, "no-printer", "this kiosk has no printer check");
    }
    DeviceCheck.Result r = run("printer", printer);
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("visitId", visit.visitId());
    e.put("confirmed", r.ok());
    e.put("detail", r.detail());
    parts.recorder().record(List.of(new PendingEvent("maintenance.paper-reloaded", e)));
    if (!r.ok()) {
      return new MaintenanceOutcome.Rejected(
          409, "printer-not-ready", "the printer does not confirm the reload: " + r.detail());
    }
    return new MaintenanceOutcome.Done(Map.of("confirmed", true, "detail", r.detail()));
  }

  private MaintenanceOutcome selfTest(Body body) {
    Map<String, DeviceCheck.Result> results = new LinkedHashMap<>();
    parts.checks().keySet().stream()
        .sorted()
        .forEach(device -> results.put(device, run(device, parts.checks().get(device))));
    List<Map<String, Object>> list = new ArrayList<>();
    results.forEach(
        (device, r) -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("device", device);
          m.put("ok", r.ok());
          m.put("detail", r.detail());
          list.add(m);
        });
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("visitId", visit.visitId());
    e.put("results", list);
    parts.recorder().record(List.of(new PendingEvent("maintenance.self-test", e)));
    ReceiptPrinter.PrintResult printed =
        parts.printer().print(receipts.selfTest(visit.visitId(), results));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("allOk", results.values().stream().allMatch(DeviceCheck.Result::ok));
    out.put("results", list);
    out.put("receipt", printed.printed() ? "printed" : "failed: " + printed.detail());
    return new MaintenanceOutcome.Done(out);
  }

  /** Runs one check and takes the faults it reports into the fault list. */
  private DeviceCheck.Result run(String device, DeviceCheck check) {
    DeviceCheck.Result r;
    try {
      r = check.run();
    } catch (RuntimeException e) {
      log.error("self-test of {} failed", device, e);
      r = DeviceCheck.Result.failed("the check itself failed: " + e);
    }
    if (r.faults() != null) {
      parts.faults().reconcile(device, r.faults());
    }
    return r;
  }

  private MaintenanceOutcome hold(Body body) {
    String reason = body.has("reason") ? body.text("reason").strip() : "";
    if (reason.isEmpty() || reason.length() > 200) {
      throw new Body.Invalid("out-of-service needs a \"reason\" of 1-200 characters");
    }
    if (isHeld()) {
      return new MaintenanceOutcome.Rejected(
          409, "already-held", "the kiosk is already held out of service");
    }
    parts
        .faults()
        .raise(
            BodyWatch.DEVICE, HOLD, Severity.CRITICAL, "held out of service by staff: " + reason);
    return new MaintenanceOutcome.Done(Map.of("held", true, "reason", reason));
  }

  private MaintenanceOutcome release(Body body) {
    if (!parts.faults().clear(BodyWatch.DEVICE, HOLD)) {
      return new MaintenanceOutcome.Rejected(
          409, "not-held", "the kiosk is not held out of service");
    }
    return new MaintenanceOutcome.Done(Map.of("held", false));
  }

  private MaintenanceOutcome printSettlement(Body body) {
    if (parts.settlement() == null) {
      return new MaintenanceOutcome.Rejected(
          409, "no-settlement", "this kiosk does not close days");
    }
    Optional<LocalDate> day;
    if (body.has("day")) {
      try {
        day = Optional.of(LocalDate.parse(body.text("day")));
      } catch (DateTimeParseException e) {
        throw new Body.Invalid("day must be a date like 2026-11-27");
      }
    } else {
      day = parts.settlement().lastClosed();
    }
    Optional<Map<String, Object>> report = day.flatMap(parts.settlement()::report);
    if (report.isEmpty()) {
      return new MaintenanceOutcome.Rejected(
          404,
          "no-such-settlement",
          day.map(d -> "business day " + d + " is not closed").orElse("no day is closed yet"));
    }
    ReceiptPrinter.PrintResult printed = parts.printer().print(receipts.settlement(report.get()));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("report", report.get());
    out.put("receipt", printed.printed() ? "printed" : "failed: " + printed.detail());
    return new MaintenanceOutcome.Done(out);
  }

  // ---- helpers ------------------------------------------------------------------------------

  private boolean authorised(String token) {
    if (visit == null || token == null) {
      return false;
    }
    byte[] given;
    try {
      given = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(visit.token(), given);
  }

  private boolean isHeld() {
    return parts.faults().open().stream()
        .anyMatch(f -> f.device().equals(BodyWatch.DEVICE) && f.code().equals(HOLD));
  }

  private List<Map<String, Object>> faultList() {
    List<Map<String, Object>> list = new ArrayList<>();
    for (Fault f : parts.faults().open()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("device", f.device());
      m.put("code", f.code());
      m.put("severity", f.severity().wireName());
      m.put("text", f.text());
      m.put("raisedAt", f.raisedAt().toString());
      list.add(m);
    }
    return list;
  }

  private boolean locked() {
    return lockedUntil != null && clock.instant().isBefore(lockedUntil);
  }

  private void loadLockout() {
    Path file = config.lockoutFile();
    if (!Files.exists(file)) {
      return;
    }
    try {
      JsonNode n = JSON.readTree(file.toFile());
      failures = n.path("failures").asInt(0);
      lockedUntil =
          n.path("lockedUntil").isTextual() ? Instant.parse(n.get("lockedUntil").asText()) : null;
    } catch (IOException | RuntimeException e) {
      // A damaged file must not open the door to unlimited guesses: start locked.
      log.error("{} unreadable; logins locked for {}", file, config.lockout(), e);
      lockedUntil = clock.instant().plus(config.lockout());
    }
  }

  private void saveLockout() {
    ObjectNode n = JSON.createObjectNode();
    n.put("failures", failures);
    n.put("lockedUntil", lockedUntil == null ? null : lockedUntil.toString());
    try {
      Files.createDirectories(config.lockoutFile().toAbsolutePath().getParent());
      AtomicFiles.write(config.lockoutFile(), JSON.writeValueAsBytes(n));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the login lockout in " + config.lockoutFile(), e);
    }
  }
}
