package org.gaskiosk.core.card;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gaskiosk.core.domain.CardSnapshot;
import org.gaskiosk.core.domain.MeterRecord;

/**
 * Reads the meter's write-back record for two audiences: the resident at the screen (what to do
 * about it) and the gas company's safety team ({@code alert.meter}). A reading is identified by the
 * card and everything the meter wrote, so re-inserting the same card reports nothing new, while the
 * meter writing anything different (a new visit, a new flag) is a new reading.
 */
public final class MeterStatus {
  /** Alarm codes, in the order they matter for safety (most urgent first). */
  public static final String LEAK = "leak-alarm";

  public static final String MAGNET = "magnetic-attack";
  public static final String VALVE = "valve-closed";
  public static final String BATTERY = "low-battery";

  private MeterStatus() {}

  /** The alarms the meter reported, most urgent first; empty when none. */
  public static List<String> alarms(MeterRecord m) {
    List<String> out = new ArrayList<>();
    if (m.leakAlarm()) {
      out.add(LEAK);
    }
    if (m.magneticAttack()) {
      out.add(MAGNET);
    }
    if (m.valveClosed()) {
      out.add(VALVE);
    }
    if (m.lowBattery()) {
      out.add(BATTERY);
    }
    return out;
  }

  /**
   * The severity the safety team sees: {@code critical} for a leak (gas in a home), {@code major}
   * for tampering or a closed valve (no gas, or someone steals it), {@code minor} for the battery.
   */
  public static String severity(List<String> alarms) {
    if (alarms.contains(LEAK)) {
      return "critical";
    }
    if (alarms.contains(MAGNET) || alarms.contains(VALVE)) {
      return "major";
    }
    return "minor";
  }

  /**
   * One distinct reading of one card: the card number and every field the meter wrote. The same
   * card read again at any kiosk gives the same id, so the central system can count it once too.
   */
  public static String readingId(CardSnapshot card) {
    MeterRecord m = card.meter();
    int flags =
        (m.valveClosed() ? 1 : 0)
            | (m.lowBattery() ? 2 : 0)
            | (m.magneticAttack() ? 4 : 0)
            | (m.leakAlarm() ? 8 : 0);
    return card.cardNo()
        + ":"
        + (m.lastUse() == null ? "never" : m.lastUse().toString())
        + ":"
        + m.remaining()
        + ":"
        + Integer.toHexString(flags);
  }

  /** The alert.meter event body (docs/mqtt.md). */
  public static Map<String, Object> alertBody(CardSnapshot card, String kioskId) {
    MeterRecord m = card.meter();
    List<String> alarms = alarms(m);
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("readingId", readingId(card));
    b.put("cardNo", card.cardNo());
    b.put("family", card.family().wireName());
    b.put("unit", card.unit().wireName());
    b.put("kioskId", kioskId);
    b.put("alarms", alarms);
    b.put("severity", severity(alarms));
    b.put("remaining", m.remaining());
    b.put("valveClosed", m.valveClosed());
    b.put("lowBattery", m.lowBattery());
    b.put("magneticAttack", m.magneticAttack());
    b.put("leakAlarm", m.leakAlarm());
    b.put("lastUse", m.lastUse() == null ? null : m.lastUse().toString());
    return b;
  }

  /**
   * What the resident is told on the account screen, one notice per alarm, most urgent first:
   * {@code code} and {@code text} (English; the page translates by code).
   */
  public static List<Map<String, Object>> residentNotices(MeterRecord m) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String alarm : alarms(m)) {
      out.add(Map.of("code", alarm, "severity", severity(List.of(alarm)), "text", text(alarm)));
    }
    if (m.untakenLoad()) {
      out.add(
          Map.of(
              "code",
              "untaken-load",
              "severity",
              "info",
              "text",
              "This card still carries gas your meter has not taken: put the card into your meter"
                  + " first."));
    }
    return out;
  }

  private static String text(String alarm) {
    return switch (alarm) {
      case LEAK ->
          "Your meter reported a gas leak. Do not use gas, open the windows and call the gas"
              + " company's emergency line now. The safety team has been told.";
      case MAGNET ->
          "Your meter detected a magnet and may have shut off. The gas company will contact you.";
      case VALVE ->
          "Your meter closed its valve. After loading, put the card into the meter; if the valve"
              + " stays closed, call the gas company.";
      case BATTERY -> "Your meter's battery is low: please replace it soon.";
      default -> alarm;
    };
  }
}
