package org.gaskiosk.core.engine;

import java.util.Map;
import org.gaskiosk.core.port.CardResult;

/**
 * Refusals the engine decides from what it read on a card, after what the journal owed the card was
 * settled (a refusal must never strand a resident's earlier payment).
 */
final class CardRefusals {
  private CardRefusals() {}

  /**
   * A card still carrying gas its meter has not taken (the "new card" flag): the meter accepts only
   * one load per visit, so a second sale now would be refused by the meter and leave the resident
   * with paid gas they cannot use. Shows the refusal and returns true.
   */
  static boolean refuseNewSale(CustomerFlow f) {
    if (!f.snapshot.meter().untakenLoad()) {
      return false;
    }
    f.show(
        Screen.REFUSED,
        Map.of(
            "reasonCode",
            "untaken-load",
            "reasonText",
            "This card still carries gas your meter has not taken yet. Put the card into your meter"
                + " first, then come back to buy more. No money was taken."));
    return true;
  }

  /**
   * A memory card whose PSC error counter shows a spent try: no kiosk presents a PSC to it until
   * staff have checked it (PscUnlock), so a sale now would take money that cannot be loaded. Read
   * before payment (the counter costs one command and no try). Shows the refusal and returns true.
   */
  static boolean refuseSpentPscTry(CustomerFlow f) {
    if (f.memoryCard == null) {
      return false;
    }
    CardResult<Integer> tries = f.memoryCard.pscTriesLeft();
    if (!tries.isOk() || tries.value() == 3) {
      return false; // a card that cannot say is refused later, at PscUnlock, with its money owed
    }
    f.show(
        Screen.REFUSED,
        Map.of(
            "reasonCode",
            "psc-tries-spent",
            "reasonText",
            "This card needs a check by the gas company's staff before it can be topped up (its"
                + " security code counter shows a failed try). No money was taken; please call the"
                + " hotline or visit a service hall."));
    return true;
  }
}
