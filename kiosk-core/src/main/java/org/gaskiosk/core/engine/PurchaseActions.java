package org.gaskiosk.core.engine;

import java.util.List;
import java.util.Map;
import org.gaskiosk.core.domain.Money;
import org.gaskiosk.core.domain.Quote;
import org.gaskiosk.core.domain.Volume;
import org.gaskiosk.core.journal.Change;
import org.gaskiosk.core.journal.Txn;
import org.gaskiosk.core.journal.TxnKind;
import org.gaskiosk.core.journal.TxnState;
import org.gaskiosk.core.port.LookupResult;

/**
 * The resident's purchase actions on the touchscreen (start, amount, payment, load now, cancel,
 * load orders). Each either changes the session and the journal, or refuses with a value and
 * changes nothing. Engine thread only.
 */
final class PurchaseActions {
  private final CustomerFlow f;

  PurchaseActions(CustomerFlow flow) {
    this.f = flow;
  }

  void startPurchase() {
    f.requireScreen(Screen.ACCOUNT);
    if (f.account.safety() == LookupResult.Safety.HOLD) {
      throw new Refusal(409, "safety-hold", f.account.safetyNotice());
    }
    f.receiptNotice.refresh();
    f.txn = f.journal.create(TxnKind.PURCHASE, f.snapshot, f.config.terminalId(), List.of());
    f.quote = null;
    f.show(Screen.AMOUNT, Map.of());
    f.deadlineAt(f.clock.instant().plus(f.config.choiceTimeout()));
  }

  void setAmount(ActionBody body) {
    f.requireScreen(Screen.AMOUNT, Screen.PAY_METHOD);
    body.only("amount", "volume");
    if (body.has("amount") == body.has("volume")) {
      throw new ActionBody.Invalid(
          "set-amount takes exactly one of \"amount\" (fen) or \"volume\"");
    }
    Quote q =
        body.has("amount")
            ? Quote.forMoney(
                f.snapshot.unit(), f.account.tariff(), f.account.cycleVolume(), money(body))
            : Quote.forVolume(
                f.snapshot.unit(),
                f.account.tariff(),
                f.account.cycleVolume(),
                Volume.centiM3(positive(body.integer("volume"), "volume")));
    long due = q.due().fen();
    if (due < f.config.minAmountFen() || due > f.config.maxAmountFen() || q.amount() <= 0) {
      throw new Refusal(
          422,
          "amount-out-of-range",
          "a purchase must cost from "
              + Money.fen(f.config.minAmountFen()).toYuanString()
              + " to "
              + Money.fen(f.config.maxAmountFen()).toYuanString()
              + " yuan; this one costs "
              + q.due().toYuanString());
    }
    f.txn =
        f.journal.apply(
            f.txn.txnId(),
            Change.to(TxnState.QUOTED)
                .set("quote_json", q.toMap())
                .set("amount", q.amount())
                .set("money", due));
    f.quote = q;
    f.show(Screen.PAY_METHOD, Map.of());
    f.deadlineAt(f.clock.instant().plus(f.config.choiceTimeout()));
  }

  void choosePayment(ActionBody body) {
    f.requireScreen(Screen.PAY_METHOD);
    String method = body.only("method").text("method");
    f.receiptNotice.refresh();
    switch (method) {
      case "cash" -> {
        f.cashWindow = new CashWindow(f.txn.txnId(), 0, f.config.maxAmountFen());
        f.acceptor.enable();
        f.show(Screen.CASH, Map.of());
        f.deadlineAt(f.clock.instant().plus(f.config.cashTimeout()));
      }
      case QrPayment.SCAN, QrPayment.SHOW -> f.qr.choose(method);
      default ->
          throw new ActionBody.Invalid("method must be cash, qr-scan or qr-show, got " + method);
    }
  }

  void finishCashAction() {
    f.requireScreen(Screen.CASH);
    if (f.notesInFlight.get() > 0) {
      throw new Refusal(
          409, "note-in-progress", "a banknote is being taken; try again in a moment");
    }
    if (f.cashWindow == null || f.cashWindow.paid() == 0) {
      throw new Refusal(409, "nothing-inserted", "no banknote was inserted yet");
    }
    f.finishCash();
  }

  void cancel() {
    switch (f.screen) {
      case AMOUNT, PAY_METHOD -> {
        f.cancelOpenPurchase("cancelled by resident");
        f.show(Screen.ACCOUNT, Map.of());
      }
      case CASH -> {
        if (f.notesInFlight.get() > 0 || (f.cashWindow != null && f.cashWindow.paid() > 0)) {
          throw new Refusal(
              409,
              "money-inserted",
              "money was inserted: it cannot be returned, press \"load now\" to put it on the card");
        }
        f.cancelOpenPurchase("cancelled by resident");
        f.show(Screen.ACCOUNT, Map.of());
      }
      case QR -> f.qr.cancel();
      case ACCOUNT, REFUSED, ERROR, DONE, PENDING, IDLE -> {}
      default ->
          throw new Refusal(
              409, "not-now", "nothing to cancel on the " + f.screen.wireName() + " screen");
    }
  }

  void loadOrders() {
    f.requireScreen(Screen.ACCOUNT);
    List<LookupResult.Order> orders = f.account.orders();
    if (orders.isEmpty()) {
      throw new Refusal(409, "no-orders", "no orders wait for this card");
    }
    long amount = orders.stream().mapToLong(LookupResult.Order::amount).sum();
    long money = orders.stream().mapToLong(LookupResult.Order::money).sum();
    List<String> ids = orders.stream().map(LookupResult.Order::orderId).toList();
    Txn t = f.journal.create(TxnKind.PICKUP, f.snapshot, f.config.terminalId(), ids);
    f.journal.apply(
        t.txnId(), Change.to(TxnState.QUOTED).set("amount", amount).set("money", money));
    Txn paid =
        f.journal.apply(
            t.txnId(), Change.to(TxnState.PAID).set("payment_method", "prepaid").detail("orders"));
    f.txn = paid;
    f.screen = Screen.WRITING;
    LoadOutcome outcome = f.loadOntoCard(paid);
    f.txn = null;
    f.showOutcome(outcome);
  }

  private static Money money(ActionBody body) {
    return Money.fen(positive(body.integer("amount"), "amount"));
  }

  private static long positive(long v, String key) {
    if (v <= 0) {
      throw new Refusal(422, "amount-out-of-range", key + " must be positive, got " + v);
    }
    return v;
  }

  /** Engine thread: credits one stacked note, durably, before the driver acknowledges it. */
  void credit(String noteId, long value) {
    CashWindow w = f.cashWindow;
    String target = w != null ? w.txnId() : null;
    if (target == null) {
      if (f.journal.noteCredited(noteId)) {
        return; // a VEND VALID repeated after the purchase moved on: credited once already
      }
      throw new IllegalStateException(
          "banknote " + noteId + " stacked with no purchase taking cash");
    }
    if (f.journal.creditBanknote(target, noteId, value)) {
      f.cashWindow = new CashWindow(target, w.paid() + value, w.max());
      f.txn = f.journal.find(target).orElseThrow();
      if (f.screen == Screen.CASH) {
        f.deadlineAt(f.clock.instant().plus(f.config.cashTimeout()));
      }
    }
  }
}
