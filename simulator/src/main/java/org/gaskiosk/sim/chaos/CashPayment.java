package org.gaskiosk.sim.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gaskiosk.sim.bill.Id003Device;

/**
 * Cash through the ID003 acceptor: notes chosen towards the amount due (sometimes short, sometimes
 * over), counterfeit notes the acceptor rejects, a jam or a removed cash box while a note goes in,
 * and a resident who walks away or pulls the card instead of pressing "load now".
 */
final class CashPayment implements PaymentStrategy {
  private static final List<Long> NOTES = List.of(100L, 500L, 1000L, 2000L, 5000L, 10000L);

  @Override
  public String method() {
    return "cash";
  }

  @Override
  public void pay(Session s, long due) throws Exception {
    Rng rng = s.rng();
    ChaosKiosk k = s.kiosk();
    long target = rng.chance(0.1) ? Math.max(100, due / 2) : due;
    long paid = 0;
    for (int notes = 0; paid < target && notes < 15; notes++) {
      if (rng.chance(0.04)) {
        deviceFault(s, FaultKind.ACCEPTOR_JAM, Id003Device::jamInAcceptor, Id003Device::clearJam);
        if (!k.alive()) {
          return;
        }
        continue;
      }
      if (rng.chance(0.03)) {
        deviceFault(
            s, FaultKind.CASH_BOX_REMOVED, Id003Device::removeCashBox, Id003Device::insertCashBox);
        if (!k.alive()) {
          return;
        }
        continue;
      }
      long note = chooseNote(rng, target - paid);
      boolean counterfeit = rng.chance(0.06);
      if (counterfeit) {
        s.fault(FaultKind.BANKNOTE_REJECTED);
      }
      s.step("insert note " + note + (counterfeit ? " (counterfeit)" : ""));
      CashStation.Outcome o = k.cash.insert(note, counterfeit, k::alive);
      s.note("note " + o);
      if (o == CashStation.Outcome.STACKED) {
        paid += note;
      }
      if (!s.afterAction() || !k.view().screen().equals("cash")) {
        return; // the power went, or the purchase ended meanwhile
      }
    }
    if (rng.chance(0.07)) {
      s.walkAway(Duration.ofSeconds(91));
      return;
    }
    if (rng.chance(0.05)) {
      s.step("resident pulls the card on the cash screen");
      s.fault(FaultKind.CARD_LEFT_EARLY);
      s.pullCard();
      s.afterEvent();
      return;
    }
    s.step("finish cash (paid " + paid + " of " + due + ")");
    s.act("finish-cash", Map.of());
    s.afterAction();
  }

  private static void deviceFault(
      Session s,
      FaultKind kind,
      java.util.function.Consumer<Id003Device> on,
      java.util.function.Consumer<Id003Device> off)
      throws Exception {
    ChaosKiosk k = s.kiosk();
    s.fault(kind);
    s.step(kind.label + ", then a note of 1000");
    Id003Device d = k.cash.device();
    on.accept(d);
    k.cash.awaitPolls(3, k::alive);
    CashStation.Outcome o = k.cash.insert(1000, false, k::alive, false);
    s.note("note " + o);
    off.accept(d);
    k.cash.awaitPolls(6, k::alive);
    s.afterAction();
  }

  private static long chooseNote(Rng rng, long remaining) {
    if (rng.chance(0.75)) {
      long best = NOTES.get(0);
      for (long n : NOTES) {
        if (n <= remaining) {
          best = n;
        }
      }
      return best;
    }
    return rng.pick(NOTES);
  }
}
