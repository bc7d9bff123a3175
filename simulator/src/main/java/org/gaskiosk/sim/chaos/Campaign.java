package org.gaskiosk.sim.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.core.engine.ActionOutcome;
import org.gaskiosk.core.port.LookupResult;
import org.gaskiosk.sim.card.IssuerKeys;
import org.gaskiosk.sim.card.MemoryImage;
import org.gaskiosk.sim.card.PurseImage;
import org.gaskiosk.sim.card.SimCardFixtures;
import org.gaskiosk.sim.card.SimCardSlot;
import org.gaskiosk.sim.central.Account;
import org.gaskiosk.sim.central.InProcessCentral;

/**
 * A seeded fault campaign: residents' sessions on kiosks that share one central system, every
 * choice drawn from one generator made from the seed, the invariants checked after every step. The
 * same seed and options give the same run (the same trace digest): threads are only ever waited on
 * through events, and time moves only when the campaign moves it.
 */
public final class Campaign implements AutoCloseable {
  private static final AtomicInteger RUNS = new AtomicInteger();
  private static final List<Integer> TEAR_INS =
      List.of(0x50, 0x52, 0x52, 0x52, 0xA4, 0xB0, 0xB2, 0x5C, 0x5A);

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

  /** Campaign options: {@code replayTo} stops after that step (0: run to the end). */
  public record Options(long seed, int sessions, int kiosks, long replayTo) {
    public Options {
      if (sessions < 0 || kiosks < 1 || kiosks > 16) {
        throw new IllegalArgumentException("sessions >= 0 and 1..16 kiosks");
      }
    }
  }

  /** What a campaign did and found. */
  public record Result(
      long seed,
      int sessions,
      int sessionsPlanned,
      int kiosks,
      long steps,
      Map<String, Long> faults,
      long checksPassed,
      long checksFailed,
      long violationStep,
      List<String> violations,
      List<String> traceTail,
      String traceDigest,
      long cashIn,
      long refunded,
      long reconciliations,
      boolean replayStopped,
      long qrPayments,
      long qrKept,
      long qrRefunded) {
    public boolean passed() {
      return checksFailed == 0;
    }
  }

  private final Options options;
  private final Rng rng;
  private final Trace trace;
  private final StepClock clock = new StepClock(Instant.parse("2026-03-02T01:00:00Z"));
  private final Path folder;
  private final InProcessCentral central;
  private final List<ChaosKiosk> kiosks = new ArrayList<>();
  private final Map<String, ChaosKiosk> holder = new LinkedHashMap<>();
  private final Checker checker;
  private final Map<FaultKind, Long> faults = new EnumMap<>(FaultKind.class);
  private final CashPayment cashPayment = new CashPayment();
  private final List<PaymentStrategy> payments =
      List.of(cashPayment, new QrPayment(QrPayment.SCAN), new QrPayment(QrPayment.SHOW));
  private long reconciliations;
  private long violationStep;
  private List<String> violations = List.of();
  private boolean tearArmed;
  private boolean acksLost;
  private boolean replayStopped;
  private Consumer<String> progress;
  private ChaosKiosk current;
  private int sessionSteps;
  private int dropBrokerAtStep = -1;
  private boolean losingNotices;

  private Campaign(Options options, Variants variants, Consumer<String> traceSink)
      throws IOException {
    this.options = options;
    this.rng = new Rng(options.seed());
    this.trace = new Trace(traceSink);
    Path shm = Path.of("/dev/shm");
    this.folder =
        Files.isDirectory(shm) && Files.isWritable(shm)
            ? Files.createTempDirectory(shm, "kiosk-chaos")
            : Files.createTempDirectory("kiosk-chaos");
    IssuerKeys keys = IssuerKeys.generate(rng.split());
    this.central = new InProcessCentral(keys::loadKeyFor, clock);
    for (SimCardFixtures.Fixture f : SimCardFixtures.CARDS) {
      if (f.family() == org.gaskiosk.core.domain.CardFamily.TOOL) {
        continue;
      }
      Account a = Account.of(f.cardNo(), "住户", f.unit());
      if (f.safetyHold()) {
        a = a.withSafety(LookupResult.Safety.HOLD, "safety inspection overdue");
      }
      central.putAccount(a);
    }
    int run = RUNS.incrementAndGet();
    for (int i = 0; i < options.kiosks(); i++) {
      String id = "K" + (i + 1);
      kiosks.add(
          new ChaosKiosk(
              id,
              i + 1,
              "chaos-" + run + "-" + options.seed() + "-" + id,
              folder.resolve(id),
              keys,
              rng.split(),
              clock,
              central,
              variants));
    }
    this.checker = new Checker(kiosks, central);
    ChaosKiosk home = kiosks.get(0);
    for (SimCardFixtures.Fixture f : SimCardFixtures.CARDS) {
      holder.put(f.cardNo(), home);
      for (ChaosKiosk other : kiosks.subList(1, kiosks.size())) {
        other.slot.carryAway(f.cardNo()); // every card exists once, in its holder's reach
      }
      if (home.slot.image(f.cardNo()).orElseThrow() instanceof PurseImage p
          && f.family() == org.gaskiosk.core.domain.CardFamily.PURSE) {
        checker.track(f.cardNo(), p);
      }
    }
    for (ChaosKiosk k : kiosks) {
      k.boot();
    }
  }

  /** Runs a whole campaign and cleans up after it. */
  public static Result run(Options options, Variants variants, Consumer<String> traceSink)
      throws Exception {
    return run(options, variants, traceSink, null);
  }

  /**
   * @param progress told every 500 sessions how far the campaign got (long runs), or null
   */
  public static Result run(
      Options options, Variants variants, Consumer<String> traceSink, Consumer<String> progress)
      throws Exception {
    try (Campaign c = new Campaign(options, variants, traceSink)) {
      c.progress = progress;
      return c.execute();
    }
  }

  private Result execute() throws Exception {
    int done = 0;
    try {
      for (int n = 1; n <= options.sessions() && violations.isEmpty(); n++) {
        session(n);
        done = n;
        if (progress != null && n % 500 == 0) {
          progress.accept(
              "session "
                  + n
                  + " of "
                  + options.sessions()
                  + ", "
                  + checker.passed()
                  + " checks passed");
        }
      }
      if (violations.isEmpty()) {
        finale();
      }
    } catch (ReplayStop stop) {
      replayStopped = true;
    } catch (Violated stop) {
      // reported below with the step that replays it
    }
    Map<String, Long> byLabel = new LinkedHashMap<>();
    for (FaultKind f : FaultKind.values()) {
      byLabel.put(f.label, faults.getOrDefault(f, 0L));
    }
    long cashIn = kiosks.stream().mapToLong(k -> k.cash.cashBoxTotal()).sum();
    Map<String, org.gaskiosk.sim.central.QrCharge> qr = central.qrCharges();
    return new Result(
        options.seed(),
        done,
        options.sessions(),
        kiosks.size(),
        trace.currentStep(),
        byLabel,
        checker.passed(),
        checker.failed(),
        violationStep,
        violations,
        trace.tail(),
        trace.digestHex(),
        cashIn,
        checker.reconciledTotal(),
        reconciliations,
        replayStopped,
        qr.size(),
        qrMoney(qr, "paid"),
        qrMoney(qr, "refunded"));
  }

  // ---- one resident ---------------------------------------------------------------------------

  private void session(int n) throws Exception {
    ChaosKiosk k = kiosks.get(rng.below(kiosks.size()));
    SimCardFixtures.Fixture card = rng.pick(CARD_DRAW);
    step(
        "session "
            + n
            + " at "
            + k.id
            + ": card "
            + card.cardNo()
            + " ("
            + card.description()
            + ")");
    boolean brokerDown = rng.chance(0.10);
    acksLost = rng.chance(0.08);
    current = k;
    sessionSteps = 0;
    // The link may also drop mid-session: after the lookup, before the load's authorisation.
    dropBrokerAtStep = !brokerDown && rng.chance(0.08) ? 2 + rng.below(8) : -1;
    if (brokerDown) {
      fault(FaultKind.BROKER_DOWN);
      k.setBroker(false);
      note("broker down for this session");
    }
    if (acksLost) {
      fault(FaultKind.ACK_LOST);
      note("acks lost for this session");
    }
    worldBetweenVisits(card);
    carryTo(card.cardNo(), k);
    if (rng.chance(0.12)) {
      int at = rng.below(60);
      k.power.arm(at);
      note("power cut armed at crash point +" + at);
    }
    if (rng.chance(0.12)) {
      int ins = rng.pick(TEAR_INS);
      SimCardSlot.When when =
          rng.chance(0.5) ? SimCardSlot.When.BEFORE_APPLY : SimCardSlot.When.AFTER_APPLY;
      k.slot.tearNext(ins, when);
      tearArmed = true;
      note(String.format("card pull armed at INS %02X %s", ins, when));
    }
    step("insert card");
    k.slot.insert(card.cardNo());
    if (afterEvent(k)) {
      resident(k);
    }
    if (k.slot.insertedCardNo().isPresent()) {
      step("resident takes the card");
      residentPulls(k);
      afterEvent(k);
    }
    k.power.disarm();
    k.slot.tearNext(0x00, SimCardSlot.When.BEFORE_APPLY); // an unfired pull does not carry over
    tearArmed = false;
    step("resident gone; outboxes drain" + (acksLost ? " (acks lost)" : ""));
    central.payments().reset(); // the provider's misbehaviour was this resident's
    losingNotices = false;
    advance(Duration.ofSeconds(30));
    drainAll(acksLost);
    acksLost = false;
    if (!k.brokerUp()) {
      k.setBroker(true);
      step("broker back");
      drainAll(false);
    }
    dropBrokerAtStep = -1;
    // No settling for the 30 s: a result screen timing out to idle writes nothing, and the next
    // card at this kiosk ends the result screen the same way whether the timeout ran first or not.
    afterAction(k);
  }

  /** What the resident does while the card is in: at most a dozen touches. */
  private void resident(ChaosKiosk k) throws Exception {
    for (int touches = 0; touches < 12 && k.slot.insertedCardNo().isPresent(); touches++) {
      String screen = k.view().screen();
      if (!screen.equals("account")) {
        note("screen " + screen + " " + outcomeOf(k));
        return;
      }
      List<?> orders = (List<?>) k.view().data().getOrDefault("orders", List.of());
      double r = rng.chance(0.5) ? 0 : 1; // keep draws aligned whether or not orders wait
      if (!orders.isEmpty() && r == 0) {
        step("load " + orders.size() + " orders");
        act(k, "load-orders", Map.of());
        if (!afterAction(k)) {
          return;
        }
        note("screen " + k.view().screen());
        return;
      }
      if (rng.chance(0.1)) {
        step("resident leaves from the account screen");
        return;
      }
      purchase(k);
      return;
    }
  }

  private void purchase(ChaosKiosk k) throws Exception {
    step("start purchase");
    if (!act(k, "start-purchase", Map.of()) || !afterAction(k)) {
      return;
    }
    if (rng.chance(0.08)) {
      long wrong = rng.chance(0.5) ? rng.between(1, 999) : rng.between(100_001, 500_000);
      step("set amount " + wrong + " (out of range)");
      act(k, "set-amount", Map.of("amount", wrong));
      if (!afterAction(k)) {
        return;
      }
    }
    long amount = chooseAmount();
    step("set amount " + amount);
    if (!act(k, "set-amount", Map.of("amount", amount)) || !afterAction(k)) {
      return;
    }
    long due = ((Number) k.view().data().getOrDefault("amountDue", amount)).longValue();
    if (rng.chance(0.05)) {
      walkAway(k, Duration.ofSeconds(61));
      return;
    }
    if (rng.chance(0.04)) {
      step("cancel");
      act(k, "cancel", Map.of());
      afterAction(k);
      return;
    }
    if (rng.chance(0.03)) {
      step("resident pulls the card on the pay-method screen");
      fault(FaultKind.CARD_LEFT_EARLY);
      residentPulls(k);
      afterEvent(k);
      return;
    }
    List<?> offered = (List<?>) k.view().data().getOrDefault("methods", List.of("cash"));
    List<PaymentStrategy> usable =
        payments.stream().filter(p -> offered.contains(p.method())).toList();
    if (usable.isEmpty()) {
      note("no payment method this campaign knows is offered: " + offered);
      return;
    }
    // Cash most of the time when QR is offered too, so both keep their share of the faults.
    List<PaymentStrategy> qr = usable.stream().filter(p -> p != cashPayment).toList();
    PaymentStrategy strategy =
        qr.isEmpty() || !usable.contains(cashPayment) || rng.chance(0.55)
            ? usable.get(0)
            : rng.pick(qr);
    SessionView session = new SessionView(k);
    strategy.beforeChoose(session);
    step("choose " + strategy.method());
    if (!act(k, "choose-payment", Map.of("method", strategy.method())) || !afterAction(k)) {
      return;
    }
    strategy.pay(session, due);
    note("screen " + k.view().screen() + " " + outcomeOf(k));
  }

  private long chooseAmount() {
    return switch (rng.below(4)) {
      case 0 -> rng.pick(List.of(1_000L, 2_000L, 5_000L, 10_000L, 20_000L, 50_000L, 100_000L));
      case 1 -> rng.between(10, 100) * 100;
      case 2 -> rng.between(10, 1000) * 100;
      default -> rng.between(1_000, 30_000);
    };
  }

  /** The meter takes a card's balance now and then, and orders are paid online for it. */
  private void worldBetweenVisits(SimCardFixtures.Fixture card) {
    ChaosKiosk at = holder.get(card.cardNo());
    if (at.slot.image(card.cardNo()).orElseThrow() instanceof PurseImage p
        && card.family() == org.gaskiosk.core.domain.CardFamily.PURSE
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
      note("the gas meter took " + p.balance() + " off the card");
    }
    if (at.slot.image(card.cardNo()).orElseThrow() instanceof MemoryImage m
        && m.gasArea() > 0
        && rng.chance(0.5)) {
      at.slot.bringIn(m.takenByMeter());
      note("the gas meter took " + m.gasArea() + " from the memory card");
    }
    if (card.family() == org.gaskiosk.core.domain.CardFamily.PURSE
        && !card.safetyHold()
        && rng.chance(0.04)) {
      long amount =
          card.unit() == CardUnit.FEN ? rng.between(10, 200) * 100 : rng.between(1, 50) * 100;
      central.createOrder(card.cardNo(), amount, card.unit() == CardUnit.FEN ? amount : amount * 3);
      note("an online order of " + amount + " waits for the card");
    }
  }

  // ---- the end: every pending credit is loaded -------------------------------------------------

  private void finale() throws Exception {
    step("finale: broker up everywhere, every owed card comes back");
    for (ChaosKiosk k : kiosks) {
      k.power.disarm();
      k.setBroker(true);
    }
    central.payments().reset();
    losingNotices = false;
    // Past the uplink's ack timeout: batches whose acks were lost are sent again; QR payments
    // left open are asked again and end paid (a pending credit) or cancelled.
    advance(Duration.ofSeconds(31));
    drainAll(false);
    for (int round = 1; round <= 4; round++) {
      boolean visited = false;
      for (SimCardFixtures.Fixture f : SimCardFixtures.CARDS) {
        if (f.family() == org.gaskiosk.core.domain.CardFamily.TOOL) {
          continue;
        }
        for (ChaosKiosk k : kiosks) {
          boolean owed = !k.journal.unfinishedFor(f.cardNo()).isEmpty();
          boolean ordersWait =
              k == holder.get(f.cardNo())
                  && central.ordersOf(f.cardNo()).stream()
                      .anyMatch(
                          o ->
                              o.status()
                                  == org.gaskiosk.sim.central.LedgerSnapshot.OrderStatus.OPEN);
          if (!owed && !ordersWait) {
            continue;
          }
          visited = true;
          carryTo(f.cardNo(), k);
          if (k.slot.image(f.cardNo()).orElseThrow() instanceof MemoryImage m && m.gasArea() > 0) {
            // A memory card takes a new purchase only once the meter has the last one.
            k.slot.bringIn(m.takenByMeter());
            step("the gas meter took " + m.gasArea() + " from memory card " + f.cardNo());
          }
          step("card " + f.cardNo() + " back at " + k.id);
          k.slot.insert(f.cardNo());
          afterEvent(k);
          note("screen " + k.view().screen() + " " + outcomeOf(k));
          if (k.view().screen().equals("account")
              && !((List<?>) k.view().data().getOrDefault("orders", List.of())).isEmpty()) {
            step("load orders");
            act(k, "load-orders", Map.of());
            afterAction(k);
            note("screen " + k.view().screen());
          }
          step("card taken");
          k.slot.remove();
          advance(Duration.ofSeconds(30));
          afterEvent(k);
          drainAll(false);
        }
      }
      if (!visited) {
        break;
      }
    }
    step("final audit");
    advance(Duration.ofSeconds(31));
    drainAll(false);
    List<String> v = new ArrayList<>(checker.check(cardImages()));
    v.addAll(checker.checkCentral());
    v.addAll(checker.checkFinal());
    if (!v.isEmpty()) {
      fail(v);
    }
  }

  // ---- the machinery of a step ------------------------------------------------------------------

  private void step(String what) {
    if (options.replayTo() > 0 && trace.currentStep() >= options.replayTo()) {
      throw new ReplayStop(); // step replayTo ran whole, its checks included
    }
    trace.step(what);
    if (++sessionSteps == dropBrokerAtStep && current.brokerUp()) {
      fault(FaultKind.BROKER_DOWN);
      current.setBroker(false);
      note("the broker goes down");
    }
  }

  private void note(String what) {
    trace.note(what);
  }

  private void fault(FaultKind kind) {
    faults.merge(kind, 1L, Long::sum);
  }

  /**
   * After anything a resident or the world did: the kiosk settles; a lost power comes back (the
   * controller rebuilt over the same journal and devices); a flagged cash box is counted; every
   * invariant is checked.
   *
   * @return whether the session may go on (false after a power cut or a violation)
   */
  private boolean afterEvent(ChaosKiosk k) throws Exception {
    return afterAction(k, true);
  }

  private boolean afterAction(ChaosKiosk k) throws Exception {
    return afterAction(k, false);
  }

  /**
   * @param settle whether something happened outside the engine's own actions (a card in or out,
   *     time passing, a power cycle) that it must look at before anything else is checked or done
   */
  private boolean afterAction(ChaosKiosk k, boolean settle) throws Exception {
    boolean powerWent = false;
    if (settle) {
      k.settle();
    }
    deliverQrNotices();
    while (!k.alive()) {
      powerWent = true;
      fault(FaultKind.POWER_CUT);
      note("power cut at " + k.power.cutAt() + "; the controller starts again");
      k.powerCycle();
      k.settle();
      note("after restart: screen " + k.view().screen() + " " + outcomeOf(k));
    }
    if (tearArmed && k.slot.insertedCardNo().isEmpty()) {
      tearArmed = false;
      fault(FaultKind.CARD_PULLED);
      note("the card was pulled mid-command; screen " + k.view().screen());
    }
    for (ChaosKiosk each : kiosks) {
      long refunded = checker.staffReconcile(each);
      if (refunded >= 0) {
        reconciliations++;
        note(each.id + ": staff reconciled the cash box, refunded " + refunded);
      }
    }
    List<String> v = new ArrayList<>(checker.check(cardImages()));
    v.addAll(checker.checkCentral());
    if (!v.isEmpty()) {
      fail(v);
      return false;
    }
    return !powerWent;
  }

  /**
   * Time passes for every kiosk: each one's loop is made to look at the new time now (timeouts, QR
   * polls, abandoned QR payments asked again), before anything else happens, so what a kiosk does
   * on its own happens at the same step in every run.
   */
  private void advance(Duration d) {
    clock.advance(d);
    for (ChaosKiosk each : kiosks) {
      if (each.alive()) {
        each.settle();
      }
    }
  }

  /**
   * The paid notices the provider queued reach their kiosks now (or are lost on the way), each
   * kiosk handling them before the checks.
   */
  private void deliverQrNotices() {
    for (InProcessCentral.QrNotice n : central.drainQrNotices()) {
      ChaosKiosk to =
          kiosks.stream().filter(x -> x.id.equals(n.kioskId())).findFirst().orElseThrow();
      if (losingNotices) {
        note("a paid notice for " + to.id + " is lost");
        continue;
      }
      boolean delivered = to.alive() && to.uplink.deliverQrNotice(n.payload());
      note("paid notice " + (delivered ? "delivered to " : "not received by ") + to.id);
      if (delivered) {
        to.settle();
      }
    }
  }

  private void fail(List<String> v) {
    violationStep = trace.currentStep();
    violations = List.copyOf(v);
    for (String s : v) {
      note("VIOLATION " + s);
    }
    throw new Violated();
  }

  private boolean act(ChaosKiosk k, String action, Map<String, Object> body) {
    ActionOutcome o = k.act(action, body);
    if (o instanceof ActionOutcome.Rejected r && r.status() == 503) {
      // The power went during the action: the engine thread is on its way out.
      CashStation.until(() -> !k.alive(), () -> true, Duration.ofSeconds(10));
    }
    if (o instanceof ActionOutcome.Rejected r) {
      note(action + " refused: " + r.error());
      return false;
    }
    return true;
  }

  private void walkAway(ChaosKiosk k, Duration timeout) throws Exception {
    step("resident walks away for " + timeout.toSeconds() + " s");
    fault(FaultKind.WALKED_AWAY);
    advance(timeout);
    afterEvent(k);
    note("screen " + k.view().screen());
  }

  /** The resident pulls the card (an armed mid-command pull that did not fire is not counted). */
  void residentPulls(ChaosKiosk k) {
    tearArmed = false;
    k.slot.remove();
  }

  private void drainAll(boolean loseAcks) {
    for (ChaosKiosk k : kiosks) {
      k.uplink.drain(loseAcks);
    }
  }

  private void carryTo(String cardNo, ChaosKiosk k) {
    ChaosKiosk from = holder.get(cardNo);
    if (from != k) {
      k.slot.bringIn(from.slot.carryAway(cardNo));
      holder.put(cardNo, k);
    }
  }

  private Map<String, PurseImage> cardImages() {
    Map<String, PurseImage> images = new LinkedHashMap<>();
    holder.forEach(
        (card, k) -> {
          if (k.slot.image(card).orElseThrow() instanceof PurseImage p) {
            images.put(card, p);
          }
        });
    return images;
  }

  /** A result screen in words that do not change between runs (no ids). */
  private static String outcomeOf(ChaosKiosk k) {
    Map<String, Object> d = k.view().data();
    StringBuilder b = new StringBuilder();
    for (String key : List.of("reasonCode", "code", "amount", "money", "inserted", "amountDue")) {
      if (d.containsKey(key)) {
        b.append(key).append('=').append(d.get(key)).append(' ');
      }
    }
    return b.toString().trim();
  }

  private static long qrMoney(Map<String, org.gaskiosk.sim.central.QrCharge> qr, String status) {
    return qr.values().stream()
        .filter(c -> c.status().equals(status))
        .mapToLong(org.gaskiosk.sim.central.QrCharge::money)
        .sum();
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

  @Override
  public void close() {
    for (ChaosKiosk k : kiosks) {
      try {
        k.close();
      } catch (RuntimeException e) {
        // a kiosk that crashed last: nothing more to release
      }
    }
    checker.close();
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder left behind is harmless
    }
  }

  /** Thrown at the first violation: what follows a broken invariant is noise. */
  private static final class Violated extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Violated() {
      super(null, null, false, false);
    }
  }

  /** Thrown to stop a replay at the requested step. */
  private static final class ReplayStop extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ReplayStop() {
      super(null, null, false, false);
    }
  }

  /** The strategies' view of the session. */
  private final class SessionView implements PaymentStrategy.Session {
    private final ChaosKiosk k;

    SessionView(ChaosKiosk k) {
      this.k = k;
    }

    @Override
    public ChaosKiosk kiosk() {
      return k;
    }

    @Override
    public Rng rng() {
      return rng;
    }

    @Override
    public void step(String what) {
      Campaign.this.step(what);
    }

    @Override
    public void note(String what) {
      Campaign.this.note(what);
    }

    @Override
    public void fault(FaultKind kind) {
      Campaign.this.fault(kind);
    }

    @Override
    public boolean afterAction() throws Exception {
      return Campaign.this.afterAction(k);
    }

    @Override
    public boolean afterEvent() throws Exception {
      return Campaign.this.afterEvent(k);
    }

    @Override
    public void walkAway(Duration timeout) throws Exception {
      Campaign.this.walkAway(k, timeout);
    }

    @Override
    public void pullCard() {
      residentPulls(k);
    }

    @Override
    public InProcessCentral central() {
      return central;
    }

    @Override
    public void advance(Duration d) {
      Campaign.this.advance(d);
    }

    @Override
    public void loseNotices() {
      losingNotices = true;
    }

    @Override
    public void brokerDown() {
      k.setBroker(false);
    }

    @Override
    public void payCash(long due) throws Exception {
      cashPayment.pay(this, due);
    }

    @Override
    public boolean act(String action, Map<String, Object> body) {
      return Campaign.this.act(k, action, body);
    }
  }
}
