package org.gaskiosk.core.maintenance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.gaskiosk.core.fleet.EventRecorder;
import org.gaskiosk.core.fleet.Faults;
import org.gaskiosk.core.fleet.Severity;
import org.gaskiosk.core.journal.PendingEvent;
import org.gaskiosk.core.port.BodySwitches;
import org.gaskiosk.core.port.BodySwitches.Switch;
import org.gaskiosk.core.port.Indicators;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cash-box door and the cabinet: opened outside a maintenance visit, the kiosk raises a
 * critical {@value #DEVICE} fault (so it goes out of service: {@value #DEVICE} is a required
 * device) and sounds the alarm, which only a staff login silences and clears. Closing the door
 * again does not clear it: somebody was inside the cabinet and staff must look. Opened during a
 * visit, it is only recorded ({@code body.opened}).
 *
 * <p>Thread-safe; switch changes arrive on the GPIO delay thread.
 */
public final class BodyWatch {
  private static final Logger log = LoggerFactory.getLogger(BodyWatch.class);

  /** The fault device of the cabinet: door alarms and staff holds. */
  public static final String DEVICE = "cabinet";

  public static final String DOOR_ALARM = "cash-box-door-opened";
  public static final String TAMPER_ALARM = "cabinet-opened";

  private final BodySwitches switches;
  private final Faults faults;
  private final Indicators indicators;
  private final EventRecorder recorder;
  private String visitId;
  private boolean alarm;

  public BodyWatch(
      BodySwitches switches, Faults faults, Indicators indicators, EventRecorder recorder) {
    this.switches = Objects.requireNonNull(switches, "switches");
    this.faults = Objects.requireNonNull(faults, "faults");
    this.indicators = Objects.requireNonNull(indicators, "indicators");
    this.recorder = Objects.requireNonNull(recorder, "recorder");
  }

  /**
   * Listens to the switches; a switch found open (opened while the kiosk was off) or an alarm still
   * open from before a restart sounds the alarm now.
   */
  public BodyWatch start() {
    switches.onChange(this::changed);
    synchronized (this) {
      boolean pending =
          faults.open().stream()
              .anyMatch(
                  f ->
                      f.device().equals(DEVICE)
                          && (f.code().equals(DOOR_ALARM) || f.code().equals(TAMPER_ALARM)));
      if (pending && visitId == null) {
        sound();
      }
    }
    for (Switch s : Switch.values()) {
      if (switches.isOpen(s)) {
        changed(s, true);
      }
    }
    return this;
  }

  /** A debounced switch change. */
  public synchronized void changed(Switch which, boolean open) {
    if (!open) {
      log.info("{} closed", which);
      return;
    }
    if (visitId != null) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("switch", wire(which));
      body.put("visitId", visitId);
      recorder.record(List.of(new PendingEvent("body.opened", body)));
      return;
    }
    faults.raise(
        DEVICE,
        which == Switch.CASH_BOX_DOOR ? DOOR_ALARM : TAMPER_ALARM,
        Severity.CRITICAL,
        (which == Switch.CASH_BOX_DOOR ? "cash-box door" : "cabinet")
            + " opened outside a maintenance visit; a staff login clears the alarm");
    sound();
  }

  private void sound() {
    alarm = true;
    indicators.alarm(true);
  }

  /** Staff logged in: the alarm stops and its faults are cleared (staff are on site to look). */
  synchronized void visitStarted(String visit) {
    visitId = Objects.requireNonNull(visit, "visit");
    if (alarm) {
      alarm = false;
      indicators.alarm(false);
    }
    faults.clear(DEVICE, DOOR_ALARM);
    faults.clear(DEVICE, TAMPER_ALARM);
  }

  synchronized void visitEnded() {
    visitId = null;
  }

  /** Whether the alarm sounds now. */
  public synchronized boolean alarmSounding() {
    return alarm;
  }

  /** The switches as the maintenance screen shows them. */
  Map<String, Object> state() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cashBoxDoor", switches.isOpen(Switch.CASH_BOX_DOOR) ? "open" : "closed");
    m.put("cabinet", switches.isOpen(Switch.CABINET_TAMPER) ? "open" : "closed");
    m.put("alarm", alarmSounding());
    return m;
  }

  boolean anyOpen() {
    for (Switch s : Switch.values()) {
      if (switches.isOpen(s)) {
        return true;
      }
    }
    return false;
  }

  private static String wire(Switch s) {
    return s == Switch.CASH_BOX_DOOR ? "cash-box-door" : "cabinet";
  }
}
