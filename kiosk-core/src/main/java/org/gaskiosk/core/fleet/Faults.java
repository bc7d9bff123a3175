package org.gaskiosk.core.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.gaskiosk.core.journal.PendingEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kiosk's open faults and the mode that follows from them. A fault is raised once and cleared
 * once: raising an open fault or clearing a closed one does nothing and records nothing. Each raise
 * and clear is a {@code fault.raised} / {@code fault.cleared} outbox event, committed before this
 * class returns; the open faults, the lock and maintenance survive a restart in {@code
 * fleet-state.json}, so a fault still there after a reboot is not raised twice and one that went
 * away meanwhile is cleared once its device reports in ({@link #reconcile}).
 *
 * <p>Hazard: the event commits before the state file is written. A power cut between the two makes
 * a restarted kiosk raise the same device/code again with a new faultId; the central system treats
 * a raise of an already open device/code of a kiosk as a repeat (docs/mqtt.md).
 *
 * <p>Thread-safe; mode listeners run on the caller's thread, outside any lock.
 */
public final class Faults {
  private static final Logger log = LoggerFactory.getLogger(Faults.class);

  private final EventRecorder recorder;
  private final JsonFile store;
  private final Clock clock;
  private final Set<String> requiredDevices;
  private final List<Consumer<KioskMode>> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, Fault> open = new LinkedHashMap<>();
  private String lockReason;
  private String maintenanceBy;
  private KioskMode mode;

  /**
   * @param stateFile where open faults, lock and maintenance are kept, e.g. {@code
   *     data/fleet-state.json}
   * @param requiredDevices devices without which the kiosk cannot serve (a critical fault on one of
   *     them puts it out of service), e.g. {@code card-reader}, {@code bill-acceptor}
   */
  public Faults(EventRecorder recorder, Path stateFile, Clock clock, Set<String> requiredDevices) {
    this.recorder = Objects.requireNonNull(recorder, "recorder");
    this.store = new JsonFile(stateFile);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.requiredDevices = Set.copyOf(requiredDevices);
    store.read().ifPresent(this::load);
    this.mode = derive();
  }

  /**
   * Called with the new mode on every change (the engine's {@link KioskControl#setMode}, presence).
   */
  public void onModeChange(Consumer<KioskMode> listener) {
    listeners.add(listener);
  }

  /**
   * Raises a fault unless the same device/code is already open.
   *
   * @return true if it was raised now
   */
  public boolean raise(String device, String code, Severity severity, String text) {
    KioskMode changed;
    synchronized (this) {
      String key = Fault.key(device, code);
      if (open.containsKey(key)) {
        return false;
      }
      Fault f =
          new Fault(UUID.randomUUID().toString(), device, code, severity, text, clock.instant());
      open.put(key, f);
      changed = commit(new PendingEvent("fault.raised", raisedBody(f)), () -> open.remove(key));
      log.warn("fault raised: {} {} ({}): {}", device, code, severity.wireName(), text);
    }
    announce(changed);
    return true;
  }

  /**
   * Clears an open fault.
   *
   * @return true if it was open and is cleared now
   */
  public boolean clear(String device, String code) {
    KioskMode changed;
    synchronized (this) {
      Fault f = open.get(Fault.key(device, code));
      if (f == null) {
        return false;
      }
      Map<String, Object> body = new LinkedHashMap<>(identity(f));
      body.put("raisedAt", f.raisedAt().toString());
      body.put("clearedAt", clock.instant().toString());
      open.remove(f.key());
      changed = commit(new PendingEvent("fault.cleared", body), () -> open.put(f.key(), f));
      log.info("fault cleared: {} {}", device, code);
    }
    announce(changed);
    return true;
  }

  /**
   * A device reports every fault it has now: open faults of that device not in {@code present} are
   * cleared, and the others raised (drivers that poll a status call this after each poll, and at
   * start-up to clear what went away while the kiosk was down).
   */
  public void reconcile(String device, List<Reported> present) {
    Set<String> codes = new HashSet<>();
    for (Reported r : present) {
      codes.add(r.code());
      raise(device, r.code(), r.severity(), r.text());
    }
    for (Fault f : open()) {
      if (f.device().equals(device) && !codes.contains(f.code())) {
        clear(device, f.code());
      }
    }
  }

  /**
   * A fault as a device reports it.
   *
   * @param code the fault code
   * @param severity how bad
   * @param text for the maintenance staff
   */
  public record Reported(String code, Severity severity, String text) {}

  /** Locks the kiosk (a remote {@code lock}): no service until {@link #unlock}. */
  public void lock(String reason) {
    KioskMode changed;
    synchronized (this) {
      String before = lockReason;
      lockReason = Objects.requireNonNull(reason, "reason");
      changed = commit(null, () -> lockReason = before);
    }
    announce(changed);
  }

  public void unlock() {
    KioskMode changed;
    synchronized (this) {
      String before = lockReason;
      lockReason = null;
      changed = commit(null, () -> lockReason = before);
    }
    announce(changed);
  }

  /** Staff on site switch maintenance on (with who) or off (null). */
  public void maintenance(String by) {
    KioskMode changed;
    synchronized (this) {
      String before = maintenanceBy;
      maintenanceBy = by;
      changed = commit(null, () -> maintenanceBy = before);
    }
    announce(changed);
  }

  public synchronized List<Fault> open() {
    return List.copyOf(open.values());
  }

  public synchronized KioskMode mode() {
    return mode;
  }

  private KioskMode derive() {
    if (lockReason != null) {
      return new KioskMode(KioskMode.Kind.LOCKED, lockReason);
    }
    if (maintenanceBy != null) {
      return new KioskMode(KioskMode.Kind.MAINTENANCE, "maintenance by " + maintenanceBy);
    }
    List<String> why = new ArrayList<>();
    for (Fault f : open.values()) {
      if (f.severity() == Severity.CRITICAL && requiredDevices.contains(f.device())) {
        why.add(f.device() + " " + f.code() + ": " + f.text());
      }
    }
    return why.isEmpty()
        ? KioskMode.IN_SERVICE
        : new KioskMode(KioskMode.Kind.OUT_OF_SERVICE, String.join("; ", why));
  }

  /**
   * Records {@code event} (if any) and a {@code mode.changed} event if the change moved the mode,
   * in one journal commit, then writes the state file. If the journal refuses, {@code undo} puts
   * the state back and the exception propagates. Under the lock; returns the new mode or null.
   */
  private KioskMode commit(PendingEvent event, Runnable undo) {
    KioskMode next = derive();
    boolean moved = !next.equals(mode);
    List<PendingEvent> events = new ArrayList<>();
    if (event != null) {
      events.add(event);
    }
    if (moved) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("mode", next.kind().wireName());
      body.put("reason", next.reason());
      body.put("previous", mode.kind().wireName());
      events.add(new PendingEvent("mode.changed", body));
    }
    try {
      if (!events.isEmpty()) {
        recorder.record(events);
      }
    } catch (RuntimeException e) {
      undo.run();
      throw e;
    }
    store.write(toJson());
    if (!moved) {
      return null;
    }
    mode = next;
    log.info("kiosk mode now {} {}", next.kind().wireName(), next.reason());
    return next;
  }

  private void announce(KioskMode changed) {
    if (changed == null) {
      return;
    }
    for (Consumer<KioskMode> l : listeners) {
      try {
        l.accept(changed);
      } catch (RuntimeException e) {
        log.error("a mode listener failed on {}", changed, e);
      }
    }
  }

  private static Map<String, Object> identity(Fault f) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("faultId", f.faultId());
    body.put("device", f.device());
    body.put("code", f.code());
    body.put("severity", f.severity().wireName());
    body.put("text", f.text());
    return body;
  }

  private static Map<String, Object> raisedBody(Fault f) {
    Map<String, Object> body = identity(f);
    body.put("raisedAt", f.raisedAt().toString());
    return body;
  }

  private ObjectNode toJson() {
    ObjectNode n = JsonFile.JSON.createObjectNode();
    n.put("schema", "fleet-state/1");
    n.put("lockReason", lockReason);
    n.put("maintenanceBy", maintenanceBy);
    ArrayNode list = n.putArray("openFaults");
    for (Fault f : open.values()) {
      list.add(JsonFile.JSON.valueToTree(raisedBody(f)));
    }
    return n;
  }

  private void load(JsonNode n) {
    lockReason = n.path("lockReason").isTextual() ? n.get("lockReason").asText() : null;
    maintenanceBy = n.path("maintenanceBy").isTextual() ? n.get("maintenanceBy").asText() : null;
    for (JsonNode f : n.path("openFaults")) {
      Fault fault =
          new Fault(
              f.get("faultId").asText(),
              f.get("device").asText(),
              f.get("code").asText(),
              Severity.fromWire(f.get("severity").asText()),
              f.get("text").asText(),
              Instant.parse(f.get("raisedAt").asText()));
      open.put(fault.key(), fault);
    }
  }
}
