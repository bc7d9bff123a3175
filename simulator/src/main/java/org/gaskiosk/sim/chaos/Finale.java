package org.gaskiosk.sim.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gaskiosk.core.domain.CardFamily;
import org.gaskiosk.sim.card.MemoryImage;
import org.gaskiosk.sim.card.SimCardFixtures;
import org.gaskiosk.sim.central.InProcessCentral;
import org.gaskiosk.sim.central.LedgerSnapshot;

/**
 * The end of a campaign: the broker comes back everywhere and every card with something owed goes
 * back to the kiosk that owes it (and loads waiting orders); then the final audit requires that
 * nothing is owed anywhere and every fen is accounted for.
 */
final class Finale {
  private final List<ChaosKiosk> kiosks;
  private final InProcessCentral central;
  private final CardWhereabouts cards;
  private final SessionFaults faults;
  private final Steps steps;
  private final Checker checker;

  Finale(
      List<ChaosKiosk> kiosks,
      InProcessCentral central,
      CardWhereabouts cards,
      SessionFaults faults,
      Steps steps,
      Checker checker) {
    this.kiosks = kiosks;
    this.central = central;
    this.cards = cards;
    this.faults = faults;
    this.steps = steps;
    this.checker = checker;
  }

  void run() throws Exception {
    steps.step("finale: broker up everywhere, every owed card comes back");
    for (ChaosKiosk k : kiosks) {
      k.power.disarm();
      k.setBroker(true);
    }
    faults.providerBehaves();
    // Past the uplink's ack timeout: batches whose acks were lost are sent again; QR payments
    // left open are asked again and end paid (a pending credit) or cancelled.
    steps.advance(Duration.ofSeconds(31));
    steps.drainAll(false);
    for (int round = 1; round <= 4; round++) {
      boolean visited = false;
      for (SimCardFixtures.Fixture f : SimCardFixtures.CARDS) {
        if (f.family() == CardFamily.TOOL) {
          continue;
        }
        for (ChaosKiosk k : kiosks) {
          boolean owed = !k.journal.unfinishedFor(f.cardNo()).isEmpty();
          boolean ordersWait =
              k == cards.holder(f.cardNo())
                  && central.ordersOf(f.cardNo()).stream()
                      .anyMatch(o -> o.status() == LedgerSnapshot.OrderStatus.OPEN);
          if (!owed && !ordersWait) {
            continue;
          }
          visited = true;
          bringBack(f, k);
        }
      }
      if (!visited) {
        break;
      }
    }
    steps.step("final audit");
    steps.advance(Duration.ofSeconds(31));
    steps.drainAll(false);
    List<String> v = new ArrayList<>(checker.check(cards.images()));
    v.addAll(checker.checkCentral());
    v.addAll(checker.checkFinal());
    if (!v.isEmpty()) {
      steps.fail(v);
    }
  }

  /** The card goes back to {@code k}, which loads what it owes and the orders that wait. */
  private void bringBack(SimCardFixtures.Fixture f, ChaosKiosk k) throws Exception {
    cards.carryTo(f.cardNo(), k);
    if (k.slot.image(f.cardNo()).orElseThrow() instanceof MemoryImage m && m.gasArea() > 0) {
      // A memory card takes a new purchase only once the meter has the last one.
      k.slot.bringIn(m.takenByMeter());
      steps.step("the gas meter took " + m.gasArea() + " from memory card " + f.cardNo());
    }
    steps.step("card " + f.cardNo() + " back at " + k.id);
    k.slot.insert(f.cardNo());
    steps.afterEvent(k);
    steps.note("screen " + k.view().screen() + " " + Steps.outcomeOf(k));
    if (k.view().screen().equals("account")
        && !((List<?>) k.view().data().getOrDefault("orders", List.of())).isEmpty()) {
      steps.step("load orders");
      steps.act(k, "load-orders", Map.of());
      steps.afterAction(k);
      steps.note("screen " + k.view().screen());
    }
    steps.step("card taken");
    k.slot.remove();
    steps.advance(Duration.ofSeconds(30));
    steps.afterEvent(k);
    steps.drainAll(false);
  }
}
