package org.gaskiosk.sim.chaos;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.gaskiosk.sim.central.PaymentProvider;
import org.gaskiosk.sim.central.QrCharge;

/**
 * QR payment through the production {@code QrPayment} of the engine and the central simulator's
 * payment provider: the resident's wallet code scanned ({@code qr-scan}) or a payment QR shown and
 * paid by the wallet ({@code qr-show}). The provider's misbehaviour is drawn before the method is
 * chosen (declines, a slow confirmation, a confirmation that lands only as the kiosk gives up,
 * duplicate or lost paid notices, cancels left unanswered); the resident waits, cancels, walks away
 * or pulls the card; the wallet may pay after the kiosk gave up; the link may drop and the power go
 * in the middle.
 */
final class QrPayment implements PaymentStrategy {
  static final String SCAN = "qr-scan";
  static final String SHOW = "qr-show";

  /** Provider states in which the wallet can still pay (or pay again: a duplicate notice). */
  private static final Set<String> PAYABLE = Set.of("confirming", "shown", "cancelled", "paid");

  private final String method;

  QrPayment(String method) {
    this.method = method;
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public void beforeChoose(Session s) {
    Rng rng = s.rng();
    PaymentProvider p = s.central().payments().reset();
    StringBuilder how = new StringBuilder("provider:");
    if (rng.chance(0.12)) {
      s.fault(FaultKind.QR_DECLINED);
      p.decline(true);
      how.append(" declines");
    } else {
      if (method.equals(SCAN) && rng.chance(0.35)) {
        int polls = 1 + rng.below(4);
        s.fault(FaultKind.QR_CONFIRMED_LATE);
        p.confirmAfterPolls(polls);
        how.append(" confirms after ").append(polls).append(" polls");
      }
      if (rng.chance(0.12)) {
        s.fault(FaultKind.QR_PAID_AFTER_GIVE_UP);
        p.payOnlyAtCancel(true);
        how.append(" pays only as the kiosk cancels");
      }
    }
    if (rng.chance(0.12)) {
      s.fault(FaultKind.QR_DUPLICATE_NOTICE);
      p.noticeCopies(2);
      how.append(" sends every notice twice");
    }
    if (rng.chance(0.10)) {
      s.fault(FaultKind.QR_CANCEL_UNANSWERED);
      p.ignoreCancels(true);
      how.append(" leaves cancels unanswered");
    }
    if (rng.chance(0.12)) {
      s.fault(FaultKind.QR_NOTICE_LOST);
      s.loseNotices();
      how.append(" whose notices get lost");
    }
    if (rng.chance(0.10)) {
      int at = rng.below(8);
      s.fault(FaultKind.QR_POWER_CUT);
      s.kiosk().power.arm(at);
      how.append("; power cut armed at crash point +").append(at);
    }
    s.note(how.length() == "provider:".length() ? "provider: behaves" : how.toString());
  }

  @Override
  public void pay(Session s, long due) throws Exception {
    Rng rng = s.rng();
    ChaosKiosk k = s.kiosk();
    String txnId = null;
    for (int turn = 0; turn < 10; turn++) {
      if (!k.alive() || !k.view().screen().equals("qr")) {
        break;
      }
      Map<String, Object> d = k.view().data();
      txnId = (String) d.getOrDefault("txnId", txnId);
      String status = String.valueOf(d.get("status"));
      if (turn > 0 && k.brokerUp() && rng.chance(0.10)) {
        s.fault(FaultKind.QR_BROKER_DOWN);
        s.step("the broker goes down mid-payment");
        s.brokerDown();
        if (!s.afterEvent()) {
          return;
        }
      }
      boolean goOn =
          switch (status) {
            case "waiting-code" -> scan(s, rng);
            case "charging", "confirming" -> confirming(s, rng);
            case "shown" -> shown(s, rng, txnId);
            case "declined" -> declined(s, rng, due);
            case "unconfirmed" -> unconfirmed(s, rng, txnId);
            default -> {
              s.note("QR status " + status);
              yield false;
            }
          };
      if (!goOn) {
        break;
      }
    }
    if (k.alive() && k.view().screen().equals("qr")) {
      s.walkAway(Duration.ofSeconds(121));
    }
    if (txnId != null && k.alive() && rng.chance(0.25)) {
      QrCharge c = s.central().qrCharges().get(txnId);
      if (c != null && !c.status().equals("paid")) {
        walletPays(s, txnId, "after the resident left");
      }
    }
  }

  private boolean scan(Session s, Rng rng) throws Exception {
    ChaosKiosk k = s.kiosk();
    switch (rng.below(9)) {
      case 0 -> {
        s.fault(FaultKind.QR_BAD_SCAN);
        s.step("scan a code that is not a payment code");
        k.scanner.scan("https://example.com/not-a-payment-code");
        return s.afterEvent();
      }
      case 1 -> {
        s.walkAway(Duration.ofSeconds(61));
        return false;
      }
      case 2 -> {
        s.step("cancel before scanning");
        s.act("cancel", Map.of());
        s.afterAction();
        return false;
      }
      default -> {
        StringBuilder code = new StringBuilder("28");
        for (int i = 0; i < 16; i++) {
          code.append(rng.below(10));
        }
        s.step("scan the wallet's payment code");
        k.scanner.scan(code.toString());
        return s.afterEvent();
      }
    }
  }

  private boolean confirming(Session s, Rng rng) throws Exception {
    switch (rng.below(10)) {
      case 0 -> {
        s.walkAway(Duration.ofSeconds(61));
        return true; // the kiosk gave up: its cancel may come back unanswered
      }
      case 1 -> {
        s.step("cancel while the wallet asks to confirm");
        s.act("cancel", Map.of());
        return s.afterAction();
      }
      case 2 -> {
        pull(s, "while the wallet asks to confirm");
        return false;
      }
      default -> {
        s.step("the resident confirms in the wallet; 2 s pass");
        s.advance(Duration.ofSeconds(2));
        return s.afterEvent();
      }
    }
  }

  private boolean shown(Session s, Rng rng, String txnId) throws Exception {
    switch (rng.below(10)) {
      case 0 -> {
        s.step("cancel the shown code");
        s.act("cancel", Map.of());
        return s.afterAction();
      }
      case 1 -> {
        s.walkAway(Duration.ofSeconds(121));
        return true;
      }
      case 2 -> {
        pull(s, "while the code is shown");
        return false;
      }
      case 3 -> {
        s.step("the resident fumbles with the wallet; 30 s pass");
        s.advance(Duration.ofSeconds(30));
        return s.afterEvent();
      }
      default -> {
        long wait = 5 + rng.below(60);
        s.step("the resident scans the code; the wallet pays " + wait + " s later");
        s.advance(Duration.ofSeconds(wait));
        if (!s.afterEvent()) {
          return false;
        }
        return walletPays(s, txnId, "");
      }
    }
  }

  private boolean declined(Session s, Rng rng, long due) throws Exception {
    s.step("cancel the declined payment");
    s.act("cancel", Map.of());
    if (!s.afterAction() || !s.kiosk().view().screen().equals("pay-method")) {
      return false;
    }
    if (rng.chance(0.5)) {
      s.step("choose cash instead");
      if (s.act("choose-payment", Map.of("method", "cash")) && s.afterAction()) {
        s.payCash(due);
      }
    } else {
      s.walkAway(Duration.ofSeconds(61));
    }
    return false;
  }

  private boolean unconfirmed(Session s, Rng rng, String txnId) throws Exception {
    switch (rng.below(6)) {
      case 0, 1 -> {
        s.step("the resident waits for the provider; 11 s pass");
        s.advance(Duration.ofSeconds(11));
        return s.afterEvent();
      }
      case 2 -> {
        return walletPays(s, txnId, "while the kiosk's cancel went unanswered");
      }
      case 3 -> {
        s.step("the resident presses OK on the unconfirmed payment");
        s.act("cancel", Map.of());
        s.afterAction();
        return false;
      }
      default -> {
        s.step("the resident leaves the unconfirmed payment");
        return false;
      }
    }
  }

  /** The wallet pays {@code txnId} now, whatever the kiosk thinks of it. */
  private static boolean walletPays(Session s, String txnId, String when) throws Exception {
    QrCharge c = s.central().qrCharges().get(txnId);
    if (c == null || !PAYABLE.contains(c.status())) {
      return false;
    }
    if (!when.isEmpty() || c.status().equals("cancelled")) {
      s.fault(FaultKind.QR_PAID_AFTER_GIVE_UP);
    }
    s.step(
        "the wallet pays" + (when.isEmpty() ? "" : " " + when) + " (provider: " + c.status() + ")");
    QrCharge after = s.central().walletPays(txnId);
    s.note("provider: " + after.status());
    return s.afterEvent();
  }

  private static void pull(Session s, String when) throws Exception {
    s.step("resident pulls the card " + when);
    s.fault(FaultKind.CARD_LEFT_EARLY);
    s.pullCard();
    s.afterEvent();
  }
}
