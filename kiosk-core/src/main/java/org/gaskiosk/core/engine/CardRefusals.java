package org.gaskiosk.core.engine;

import java.util.Map;

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
}
