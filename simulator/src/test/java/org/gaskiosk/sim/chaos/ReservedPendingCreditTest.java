package org.gaskiosk.sim.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.sim.card.IssuerKeys;
import org.gaskiosk.sim.card.PurseImage;
import org.gaskiosk.sim.card.SimCardFixtures;
import org.gaskiosk.sim.card.SimCardSlot;
import org.gaskiosk.sim.central.Account;
import org.gaskiosk.sim.central.InProcessCentral;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pending credit picked up at another kiosk whose pickup never completes: kiosk A must not write
 * its credit off as "loaded elsewhere" while the other kiosk only holds a reservation.
 */
class ReservedPendingCreditTest {
  private static final String CARD = SimCardFixtures.MONEY_PURSE.cardNo();
  private final StepClock clock = new StepClock(Instant.parse("2026-03-02T01:00:00Z"));
  private final IssuerKeys keys = IssuerKeys.generate(RandomGenerator.of("L64X128MixRandom"));
  private final InProcessCentral central = new InProcessCentral(keys::loadKeyFor, clock);
  private final List<ChaosKiosk> kiosks = new ArrayList<>();
  @TempDir Path dir;

  @BeforeAll
  static void quiet() {
    ChaosMain.quietLogs();
  }

  @AfterEach
  void close() {
    kiosks.forEach(ChaosKiosk::close);
  }

  @Test
  void a_credit_reserved_by_a_pickup_that_is_later_cancelled_is_still_loaded_once()
      throws Exception {
    central.putAccount(Account.of(CARD, "Wang Wu", CardUnit.FEN));
    ChaosKiosk a = kiosk("A", 1);
    ChaosKiosk b = kiosk("B", 2);
    Checker checker = new Checker(kiosks, central);
    checker.track(CARD, (PurseImage) a.slot.image(CARD).orElseThrow());

    // 1. Paid 50 yuan at A, whose link went down before the load: a pending credit.
    visit(a);
    act(a, "start-purchase", Map.of());
    act(a, "set-amount", Map.of("amount", 5000L));
    act(a, "choose-payment", Map.of("method", "cash"));
    assertThat(a.cash.insert(5000, false, a::alive)).isEqualTo(CashStation.Outcome.STACKED);
    a.setBroker(false);
    act(a, "finish-cash", Map.of());
    assertThat(a.view().screen()).isEqualTo("pending");
    leave(a);
    a.setBroker(true);
    drain();

    // 2. At B the resident picks the credit up; the card is pulled before CREDIT FOR LOAD applies.
    carry(a, b);
    b.slot.tearNext(0x52, SimCardSlot.When.BEFORE_APPLY);
    visit(b);
    act(b, "load-orders", Map.of());
    b.settle();
    drain();

    // 3. Back at A: the credit's order is reserved by B's pickup.
    carry(b, a);
    visit(a);
    leave(a);
    drain();

    // 4. At B, whose link goes down as the card goes in: the pickup was not applied, and B cannot
    // authorise it again.
    carry(a, b);
    b.setBroker(false);
    visit(b);
    leave(b);
    b.setBroker(true);
    drain();

    // 5. The card comes back to both kiosks with every link up: everything owed gets loaded.
    for (int round = 0; round < 2; round++) {
      carry(b, a);
      visit(a);
      if (a.view().screen().equals("account")
          && !((List<?>) a.view().data().get("orders")).isEmpty()) {
        act(a, "load-orders", Map.of());
      }
      leave(a);
      drain();
      carry(a, b);
      visit(b);
      leave(b);
      drain();
    }

    List<String> violations = new ArrayList<>(checker.check(images()));
    violations.addAll(checker.checkCentral());
    violations.addAll(checker.checkFinal());
    assertThat(violations).isEmpty();
    assertThat(((PurseImage) b.slot.image(CARD).orElseThrow()).balance())
        .isEqualTo(SimCardFixtures.MONEY_PURSE.balance() + 5000);
  }

  private ChaosKiosk kiosk(String id, int index) throws Exception {
    ChaosKiosk k =
        new ChaosKiosk(
            id,
            index,
            "reserved-" + id + "-" + System.nanoTime(),
            dir.resolve(id),
            keys,
            RandomGenerator.of("L64X128MixRandom"),
            clock,
            central,
            Variants.PRODUCTION);
    kiosks.add(k);
    k.boot();
    return k;
  }

  private Map<String, PurseImage> images() {
    for (ChaosKiosk k : kiosks) {
      if (k.slot.image(CARD).orElse(null) instanceof PurseImage p && holder == k) {
        return Map.of(CARD, p);
      }
    }
    throw new AssertionError("no kiosk holds the card");
  }

  private ChaosKiosk holder;

  private void carry(ChaosKiosk from, ChaosKiosk to) {
    to.slot.bringIn(from.slot.carryAway(CARD));
    holder = to;
  }

  private void visit(ChaosKiosk k) {
    holder = k;
    k.slot.insert(CARD);
    k.settle();
  }

  private void leave(ChaosKiosk k) {
    k.slot.remove();
    k.settle();
    clock.advance(java.time.Duration.ofSeconds(30));
    k.settle();
  }

  private void drain() {
    kiosks.forEach(k -> k.uplink.drain(false));
  }

  private static void act(ChaosKiosk k, String action, Map<String, Object> body) {
    k.act(action, body);
  }
}
