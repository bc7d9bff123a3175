package org.gaskiosk.sim.central;

import java.util.List;

/**
 * One distinct meter reading with an alarm, as the safety team's queue shows it ({@code
 * alert.meter}). The same reading sent by several kiosks (the resident tried the card at two
 * kiosks) stays one alert; {@code reports} counts the events that carried it.
 *
 * @param readingId the card and everything the meter wrote (docs/mqtt.md)
 * @param cardNo the card
 * @param severity critical (leak), major (magnet, valve closed) or minor (battery)
 * @param alarms the alarm codes, most urgent first
 * @param remaining what the meter still holds, in card units
 * @param lastUse the day the card was last in the meter, ISO, or null
 * @param kioskIds the kiosks that reported it, first first
 * @param eventIds the events that carried it
 * @param firstReportedAt when the central system first committed it
 */
public record MeterAlert(
    String readingId,
    String cardNo,
    String severity,
    List<String> alarms,
    long remaining,
    String lastUse,
    List<String> kioskIds,
    List<String> eventIds,
    String firstReportedAt) {
  public MeterAlert {
    alarms = List.copyOf(alarms);
    kioskIds = List.copyOf(kioskIds);
    eventIds = List.copyOf(eventIds);
  }

  /** How many events carried this reading. */
  public int reports() {
    return eventIds.size();
  }
}
