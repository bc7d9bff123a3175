package org.gaskiosk.sim.chaos;

import org.gaskiosk.core.domain.CardFamily;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.sim.card.MemoryImage;
import org.gaskiosk.sim.card.PurseImage;
import org.gaskiosk.sim.card.SimCardFixtures;
import org.gaskiosk.sim.central.InProcessCentral;

/**
 * The world between a card's visits to the kiosks: the gas meter takes a card's balance now and
 * then (the checker books it as consumed), and orders are paid online for it.
 */
final class BetweenVisits {
  private final Rng rng;
  private final Logbook log;
  private final CardWhereabouts cards;
  private final Checker checker;
  private final InProcessCentral central;

  BetweenVisits(
      Rng rng, Logbook log, CardWhereabouts cards, Checker checker, InProcessCentral central) {
    this.rng = rng;
    this.log = log;
    this.cards = cards;
    this.checker = checker;
    this.central = central;
  }

  /** The meter takes a card's balance now and then, and orders are paid online for it. */
  void before(SimCardFixtures.Fixture card) {
    ChaosKiosk at = cards.holder(card.cardNo());
    if (at.slot.image(card.cardNo()).orElseThrow() instanceof PurseImage p
        && card.family() == CardFamily.PURSE
        && (p.balance() > 500_000 || (p.balance() > 0 && rng.chance(0.03)))) {
      at.slot.bringIn(
          new PurseImage(
              p.cardNo(),
              p.typeCode(),
              p.issuerId(),
              p.expiry(),
              p.locked(),
              0,
              p.balanceLimit(),
              p.onlineSequence(),
              p.meter(),
              p.log(),
              p.proofs(),
              p.algorithmId()));
      checker.consumed(card.cardNo(), p.balance());
      log.note("the gas meter took " + p.balance() + " off the card");
    }
    if (at.slot.image(card.cardNo()).orElseThrow() instanceof MemoryImage m
        && m.gasArea() > 0
        && rng.chance(0.5)) {
      at.slot.bringIn(m.takenByMeter());
      log.note("the gas meter took " + m.gasArea() + " from the memory card");
    }
    if (card.family() == CardFamily.PURSE && !card.safetyHold() && rng.chance(0.04)) {
      long amount =
          card.unit() == CardUnit.FEN ? rng.between(10, 200) * 100 : rng.between(1, 50) * 100;
      central.createOrder(card.cardNo(), amount, card.unit() == CardUnit.FEN ? amount : amount * 3);
      log.note("an online order of " + amount + " waits for the card");
    }
  }
}
