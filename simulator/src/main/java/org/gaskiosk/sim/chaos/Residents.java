package org.gaskiosk.sim.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.gaskiosk.sim.card.SimCardFixtures;
import org.gaskiosk.sim.central.InProcessCentral;

/**
 * The residents: in each session one walks up to a kiosk with a card, sees the account, and loads
 * waiting orders, buys (paying by a {@link PaymentStrategy} the pay-method screen offers) or
 * leaves, while the session's faults strike.
 */
final class Residents {
  /**
   * The cards residents bring, with how often each comes (purses mostly; tool and memory cards
   * too).
   */
  private static final List<SimCardFixtures.Fixture> CARD_DRAW =
      weighted(
          Map.of(
              SimCardFixtures.MONEY_PURSE, 30,
              SimCardFixtures.VOLUME_PURSE, 25,
              SimCardFixtures.LOW_BATTERY_PURSE, 15,
              SimCardFixtures.SAFETY_HOLD_PURSE, 10,
              SimCardFixtures.SLE4442, 4,
              SimCardFixtures.SETTING_CARD, 4));

  private final Rng rng;
  private final List<ChaosKiosk> kiosks;
  private final InProcessCentral central;
  private final CardWhereabouts cards;
  private final SessionFaults faults;
  private final Steps steps;
  private final BetweenVisits world;
  private final CashPayment cashPayment = new CashPayment();
  private final List<PaymentStrategy> payments =
      List.of(cashPayment, new QrPayment(QrPayment.SCAN), new QrPayment(QrPayment.SHOW));

  Residents(
      Rng rng,
      List<ChaosKiosk> kiosks,
      InProcessCentral central,
      CardWhereabouts cards,
      SessionFaults faults,
      Steps steps,
      BetweenVisits world) {
    this.rng = rng;
    this.kiosks = kiosks;
    this.central = central;
    this.cards = cards;
    this.faults = faults;
    this.steps = steps;
    this.world = world;
  }

  /** Session {@code n}: one resident, from walking up to the outboxes drained after they left. */
  void session(int n) throws Exception {
    ChaosKiosk k = kiosks.get(rng.below(kiosks.size()));
    SimCardFixtures.Fixture card = rng.pick(CARD_DRAW);
    steps.step(
        "session "
            + n
            + " at "
            + k.id
            + ": card "
            + card.cardNo()
            + " ("
            + card.description()
            + ")");
    faults.drawLinkFaults(k);
    world.before(card);
    cards.carryTo(card.cardNo(), k);
    faults.armDeviceFaults(k);
    steps.step("insert card");
    k.slot.insert(card.cardNo());
    if (steps.afterEvent(k)) {
      resident(k);
    }
    if (k.slot.insertedCardNo().isPresent()) {
      steps.step("resident takes the card");
      faults.residentPulls(k);
      steps.afterEvent(k);
    }
    faults.disarmDevices(k);
    steps.step("resident gone; outboxes drain" + (faults.acksLost() ? " (acks lost)" : ""));
    faults.providerBehaves(); // the provider's misbehaviour was this resident's
    steps.advance(Duration.ofSeconds(30));
    steps.drainAll(faults.acksLost());
    faults.acksArriveAgain();
    if (!k.brokerUp()) {
      k.setBroker(true);
      steps.step("broker back");
      steps.drainAll(false);
    }
    faults.noMoreDrops();
    // No settling for the 30 s: a result screen timing out to idle writes nothing, and the next
    // card at this kiosk ends the result screen the same way whether the timeout ran first or not.
    steps.afterAction(k);
  }

  /** What the resident does while the card is in: at most a dozen touches. */
  private void resident(ChaosKiosk k) throws Exception {
    for (int touches = 0; touches < 12 && k.slot.insertedCardNo().isPresent(); touches++) {
      String screen = k.view().screen();
      if (!screen.equals("account")) {
        steps.note("screen " + screen + " " + Steps.outcomeOf(k));
        return;
      }
      List<?> orders = (List<?>) k.view().data().getOrDefault("orders", List.of());
      double r = rng.chance(0.5) ? 0 : 1; // keep draws aligned whether or not orders wait
      if (!orders.isEmpty() && r == 0) {
        steps.step("load " + orders.size() + " orders");
        steps.act(k, "load-orders", Map.of());
        if (!steps.afterAction(k)) {
          return;
        }
        steps.note("screen " + k.view().screen());
        return;
      }
      if (rng.chance(0.1)) {
        steps.step("resident leaves from the account screen");
        return;
      }
      purchase(k);
      return;
    }
  }

  private void purchase(ChaosKiosk k) throws Exception {
    steps.step("start purchase");
    if (!steps.act(k, "start-purchase", Map.of()) || !steps.afterAction(k)) {
      return;
    }
    if (rng.chance(0.08)) {
      long wrong = rng.chance(0.5) ? rng.between(1, 999) : rng.between(100_001, 500_000);
      steps.step("set amount " + wrong + " (out of range)");
      steps.act(k, "set-amount", Map.of("amount", wrong));
      if (!steps.afterAction(k)) {
        return;
      }
    }
    long amount = chooseAmount();
    steps.step("set amount " + amount);
    if (!steps.act(k, "set-amount", Map.of("amount", amount)) || !steps.afterAction(k)) {
      return;
    }
    long due = ((Number) k.view().data().getOrDefault("amountDue", amount)).longValue();
    if (rng.chance(0.05)) {
      steps.walkAway(k, Duration.ofSeconds(61));
      return;
    }
    if (rng.chance(0.04)) {
      steps.step("cancel");
      steps.act(k, "cancel", Map.of());
      steps.afterAction(k);
      return;
    }
    if (rng.chance(0.03)) {
      steps.step("resident pulls the card on the pay-method screen");
      steps.fault(FaultKind.CARD_LEFT_EARLY);
      faults.residentPulls(k);
      steps.afterEvent(k);
      return;
    }
    List<?> offered = (List<?>) k.view().data().getOrDefault("methods", List.of("cash"));
    List<PaymentStrategy> usable =
        payments.stream().filter(p -> offered.contains(p.method())).toList();
    if (usable.isEmpty()) {
      steps.note("no payment method this campaign knows is offered: " + offered);
      return;
    }
    // Cash most of the time when QR is offered too, so both keep their share of the faults.
    List<PaymentStrategy> qr = usable.stream().filter(p -> p != cashPayment).toList();
    PaymentStrategy strategy =
        qr.isEmpty() || !usable.contains(cashPayment) || rng.chance(0.55)
            ? usable.get(0)
            : rng.pick(qr);
    SessionView session = new SessionView(k, rng, steps, faults, central, cashPayment);
    strategy.beforeChoose(session);
    steps.step("choose " + strategy.method());
    if (!steps.act(k, "choose-payment", Map.of("method", strategy.method()))
        || !steps.afterAction(k)) {
      return;
    }
    strategy.pay(session, due);
    steps.note("screen " + k.view().screen() + " " + Steps.outcomeOf(k));
  }

  private long chooseAmount() {
    return switch (rng.below(4)) {
      case 0 -> rng.pick(List.of(1_000L, 2_000L, 5_000L, 10_000L, 20_000L, 50_000L, 100_000L));
      case 1 -> rng.between(10, 100) * 100;
      case 2 -> rng.between(10, 1000) * 100;
      default -> rng.between(1_000, 30_000);
    };
  }

  private static <T> List<T> weighted(Map<T, Integer> weights) {
    List<T> out = new ArrayList<>();
    weights.entrySet().stream()
        .sorted(Comparator.comparing(e -> e.getKey().toString()))
        .forEach(
            e -> {
              for (int i = 0; i < e.getValue(); i++) {
                out.add(e.getKey());
              }
            });
    return List.copyOf(out);
  }
}
