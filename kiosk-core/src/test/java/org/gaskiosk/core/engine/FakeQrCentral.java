package org.gaskiosk.core.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gaskiosk.core.port.AuthorizeRequest;
import org.gaskiosk.core.port.AuthorizeResult;
import org.gaskiosk.core.port.CentralSystem;
import org.gaskiosk.core.port.LookupRequest;
import org.gaskiosk.core.port.LookupResult;
import org.gaskiosk.core.port.QrPaidNotice;
import org.gaskiosk.core.port.QrRequest;
import org.gaskiosk.core.port.QrResult;

/**
 * {@link FakeCentral} plus a payment provider with knobs, keeping its own record of the money it
 * took and gave back, so tests can reconcile it against the kiosk's journal.
 */
final class FakeQrCentral implements CentralSystem {
  final FakeCentral base = new FakeCentral();
  final Map<String, String> status = new ConcurrentHashMap<>();
  final Map<String, Long> taken = new ConcurrentHashMap<>();
  final Map<String, Long> refunded = new ConcurrentHashMap<>();
  final List<QrRequest> requests = new CopyOnWriteArrayList<>();
  volatile boolean qrReachable = true;
  volatile boolean decline;

  /** How many charges answer "confirming" before the wallet confirms. */
  volatile int confirmAfter;

  /** The wallet confirms only when the cancel arrives (a race the kiosk loses). */
  volatile boolean payAtCancel;

  volatile QrPaidNotice.Listener listener;
  private final Map<String, Integer> polls = new ConcurrentHashMap<>();

  @Override
  public LookupResult lookup(LookupRequest request) {
    return base.lookup(request);
  }

  @Override
  public AuthorizeResult authorize(AuthorizeRequest request) {
    return base.authorize(request);
  }

  @Override
  public boolean connected() {
    return base.reachable;
  }

  @Override
  public void onQrPaid(QrPaidNotice.Listener l) {
    this.listener = l;
  }

  @Override
  public synchronized QrResult qr(QrRequest r) {
    requests.add(r);
    if (!qrReachable) {
      return new QrResult.Unreachable("test: provider silent");
    }
    String txn = r.txnId();
    if (r instanceof QrRequest.Charge c) {
      String st = status.get(txn);
      if (st == null) {
        if (decline) {
          status.put(txn, "declined");
          return new QrResult.Declined("declined", "insufficient balance");
        }
        st = "confirming";
        status.put(txn, st);
        taken.putIfAbsent(txn, 0L);
        moneyOf.put(txn, c.money());
      }
      if (st.equals("confirming") && !payAtCancel) {
        int n = polls.merge(txn, 1, Integer::sum);
        if (n > confirmAfter) {
          take(txn);
        }
      }
      return answer(txn);
    }
    if (r instanceof QrRequest.Create c) {
      status.putIfAbsent(txn, "shown");
      moneyOf.put(txn, c.money());
      return status.get(txn).equals("paid")
          ? new QrResult.Paid("pay-" + txn, c.money())
          : new QrResult.Created("https://pay.example/qr/" + txn, null);
    }
    String st = status.getOrDefault(txn, "none");
    if ((st.equals("confirming") || st.equals("shown")) && payAtCancel) {
      take(txn);
      st = "paid";
    }
    if (st.equals("paid")) {
      return new QrResult.Paid("pay-" + txn, taken.get(txn));
    }
    status.put(txn, "cancelled");
    return new QrResult.Cancelled("cancelled");
  }

  final Map<String, Long> moneyOf = new ConcurrentHashMap<>();

  /** The resident pays the shown QR (or the wallet confirms late); notifies the kiosk. */
  synchronized void walletPays(String txn, int notifications) {
    String st = status.get(txn);
    if (st.equals("cancelled")) {
      // Paid after the cancel: the provider takes the money and gives it straight back.
      taken.put(txn, moneyOf.get(txn));
      refunded.put(txn, moneyOf.get(txn));
      status.put(txn, "refunded");
      return;
    }
    take(txn);
    for (int i = 0; i < notifications; i++) {
      listener.onQrPaid(new QrPaidNotice(txn, "pay-" + txn, moneyOf.get(txn)));
    }
  }

  private void take(String txn) {
    status.put(txn, "paid");
    taken.put(txn, moneyOf.get(txn));
  }

  private QrResult answer(String txn) {
    return switch (status.get(txn)) {
      case "paid" -> new QrResult.Paid("pay-" + txn, taken.get(txn));
      case "declined" -> new QrResult.Declined("declined", "insufficient balance");
      default -> new QrResult.Confirming("confirm in the wallet");
    };
  }

  /** Net money the provider kept per transaction. */
  Map<String, Long> kept() {
    Map<String, Long> m = new ConcurrentHashMap<>();
    taken.forEach((t, v) -> m.put(t, v - refunded.getOrDefault(t, 0L)));
    return m;
  }

  List<QrRequest> requestsOf(Class<?> type) {
    List<QrRequest> out = new ArrayList<>();
    requests.stream().filter(type::isInstance).forEach(out::add);
    return out;
  }
}
