package org.gaskiosk.sim.bill;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gaskiosk.hw.bill.id003.DeviceFaultListener;

/** Records fault events as "raised code" and "cleared code recovery" lines, plus the active set. */
final class RecordingFaults implements DeviceFaultListener {
  final List<String> events = new CopyOnWriteArrayList<>();
  final Map<String, String> active = new ConcurrentHashMap<>();

  @Override
  public void raised(String device, String code, Severity severity, String text) {
    events.add("raised " + code);
    active.put(code, text);
  }

  @Override
  public void cleared(String device, String code, String recovery) {
    events.add("cleared " + code + " " + recovery);
    active.remove(code);
  }
}
