package org.gaskiosk.sim.central;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gaskiosk.sim.central.Fields.Rejected;

/** Files {@code alert.meter} events into the safety team's queue, one entry per reading. */
final class MeterAlertBook {
  static final String TYPE = "alert.meter";

  private final Map<String, MeterAlert> alerts;

  MeterAlertBook(Map<String, MeterAlert> alerts) {
    this.alerts = alerts;
  }

  void apply(String kioskId, String eventId, JsonNode b, String now) {
    if (b == null || !b.isObject()) {
      throw new Rejected("body is not a JSON object");
    }
    String readingId = Fields.text(b, "readingId");
    String cardNo = Fields.cardNo(b, "cardNo");
    if (!readingId.startsWith(cardNo + ":")) {
      throw new Rejected("readingId " + readingId + " is not a reading of card " + cardNo);
    }
    String severity = Fields.oneOf(b, "severity", "critical", "major", "minor");
    List<String> alarms = Fields.textList(b, "alarms");
    if (alarms.isEmpty()) {
      throw new Rejected("an alert.meter without alarms");
    }
    MeterAlert seen = alerts.get(readingId);
    if (seen == null) {
      JsonNode lastUse = b.get("lastUse");
      alerts.put(
          readingId,
          new MeterAlert(
              readingId,
              cardNo,
              severity,
              alarms,
              Fields.amount(b, "remaining"),
              lastUse == null || lastUse.isNull() ? null : lastUse.asText(),
              List.of(kioskId),
              List.of(eventId),
              now));
      return;
    }
    List<String> kiosks = new ArrayList<>(seen.kioskIds());
    if (!kiosks.contains(kioskId)) {
      kiosks.add(kioskId);
    }
    List<String> events = new ArrayList<>(seen.eventIds());
    events.add(eventId);
    alerts.put(
        readingId,
        new MeterAlert(
            readingId,
            seen.cardNo(),
            seen.severity(),
            seen.alarms(),
            seen.remaining(),
            seen.lastUse(),
            kiosks,
            events,
            seen.firstReportedAt()));
  }
}
