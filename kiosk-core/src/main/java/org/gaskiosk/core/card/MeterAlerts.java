package org.gaskiosk.core.card;

import org.gaskiosk.core.domain.CardSnapshot;
import org.gaskiosk.core.journal.PendingEvent;
import org.gaskiosk.core.journal.RechargeJournal;

/**
 * Sends {@code alert.meter} through the outbox when an inserted card carries a meter alarm, once
 * per distinct reading: a resident trying the same card three times does not page the safety team
 * three times, but the meter writing a new reading does.
 */
public final class MeterAlerts {
  public static final String EVENT = "alert.meter";

  private final RechargeJournal journal;
  private final String kioskId;

  public MeterAlerts(RechargeJournal journal, String kioskId) {
    this.journal = journal;
    this.kioskId = kioskId;
  }

  /**
   * Records the alert durably if {@code card}'s reading has an alarm not yet reported from here.
   *
   * @return whether an event was recorded now
   */
  public boolean report(CardSnapshot card) {
    if (!card.meter().hasAlarm()) {
      return false;
    }
    return journal.recordOnce(
        EVENT + ":" + MeterStatus.readingId(card),
        new PendingEvent(EVENT, MeterStatus.alertBody(card, kioskId)));
  }
}
