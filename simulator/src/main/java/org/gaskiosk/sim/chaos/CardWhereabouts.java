package org.gaskiosk.sim.chaos;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gaskiosk.sim.card.PurseImage;

/**
 * Where each card is: every card exists once, in the reach of the kiosk whose slot holds its image,
 * and moves between the kiosks with the residents.
 */
final class CardWhereabouts {
  private final Map<String, ChaosKiosk> holder = new LinkedHashMap<>();

  /** Puts a card in a kiosk's reach at the start (the other kiosks must not hold it). */
  void place(String cardNo, ChaosKiosk k) {
    holder.put(cardNo, k);
  }

  ChaosKiosk holder(String cardNo) {
    return holder.get(cardNo);
  }

  /** A resident carries the card to {@code k}. */
  void carryTo(String cardNo, ChaosKiosk k) {
    ChaosKiosk from = holder.get(cardNo);
    if (from != k) {
      k.slot.bringIn(from.slot.carryAway(cardNo));
      holder.put(cardNo, k);
    }
  }

  /** The purse cards' images as their holders' slots have them now (what a check reads). */
  Map<String, PurseImage> images() {
    Map<String, PurseImage> images = new LinkedHashMap<>();
    holder.forEach(
        (card, k) -> {
          if (k.slot.image(card).orElseThrow() instanceof PurseImage p) {
            images.put(card, p);
          }
        });
    return images;
  }
}
