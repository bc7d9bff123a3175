package org.gaskiosk.core.engine;

import java.util.Map;
import org.gaskiosk.core.domain.Money;
import org.gaskiosk.core.domain.Quote;
import org.gaskiosk.core.journal.Change;
import org.gaskiosk.core.journal.QrJournal;
import org.gaskiosk.core.journal.RechargeJournal;
import org.gaskiosk.core.journal.Txn;
import org.gaskiosk.core.journal.TxnState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up rules of shared/design/architecture.md, applied before the kiosk serves anyone:
 *
 * <ul>
 *   <li>CREATED/QUOTED: cancelled. PAYING: cancelled when nothing was paid, else a pending credit.
 *   <li>PAID/AUTHORIZED: a pending credit (a pickup is cancelled and its orders released). The
 *       authorisation is not reused: it is bound to a card sequence that only the card can confirm.
 *   <li>WRITING: left as it is; only the card can say whether the load happened, at its next
 *       insertion.
 *   <li>LOADED: completed (the receipt is recorded as not printed).
 * </ul>
 */
final class StartupRecovery {
  private static final Logger log = LoggerFactory.getLogger(StartupRecovery.class);
  private final RechargeJournal journal;
  private final LoadProcedure loads;
  private final QrJournal qr;

  StartupRecovery(RechargeJournal journal, LoadProcedure loads) {
    this.journal = journal;
    this.loads = loads;
    this.qr = new QrJournal(journal);
  }

  void run() {
    for (Txn t : journal.unfinished()) {
      TxnState before = t.state();
      switch (before) {
        case CREATED, QUOTED -> {
          if (qrOpen(t)) {
            continue; // money may be moving at the provider: QrPayment asks until it knows
          }
          cancel(t, "controller restarted before payment");
        }
        case PAYING -> {
          if (t.paid() == 0) {
            cancel(t, "controller restarted before payment");
          } else {
            loads.park(toPaid(t), "controller restarted during payment");
          }
        }
        case PAID, AUTHORIZED -> loads.park(t, "controller restarted before loading");
        case LOADED -> completeLoaded(t);
        case WRITING, PENDING_CREDIT -> {}
        default -> throw new IllegalStateException("unexpected unfinished state " + before);
      }
      log.info("recovery: txn {} was {}, now {}", t.txnId(), before, state(t));
    }
  }

  private boolean qrOpen(Txn t) {
    return qr.find(t.txnId()).map(p -> p.status().isOpen()).orElse(false);
  }

  /** Freezes what the money paid so far buys, under the quote's tariff. */
  Txn toPaid(Txn t) {
    Map<String, Object> q = t.quoteJson() == null ? null : Json.readMap(t.quoteJson());
    long amount = t.paid();
    if (q != null) {
      amount = Quote.fromMap(q).forPaid(Money.fen(t.paid())).amount();
    }
    return journal.apply(
        t.txnId(),
        Change.to(TxnState.PAID)
            .set("amount", amount)
            .set("money", t.paid())
            .detail("paid " + t.paid() + " fen"));
  }

  private void cancel(Txn t, String reason) {
    journal.apply(
        t.txnId(),
        Change.to(TxnState.CANCELLED)
            .set("reason", reason)
            .event("txn.cancelled", TxnEvents.cancelled(t, reason)));
  }

  private void completeLoaded(Txn t) {
    long balance = t.balanceAfter() == null ? 0 : t.balanceAfter();
    journal.apply(
        t.txnId(),
        Change.to(TxnState.COMPLETED)
            .set("receipt", "not printed: controller restarted")
            .event("txn.completed", TxnEvents.completed(t, t.tac(), balance)));
  }

  private String state(Txn t) {
    return journal.find(t.txnId()).map(x -> x.state().name()).orElse("?");
  }
}
