package org.gaskiosk.sim.central;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.core.port.LookupResult.Safety;
import org.gaskiosk.sim.central.Fields.Rejected;
import org.gaskiosk.sim.central.LedgerSnapshot.OrderEntry;
import org.gaskiosk.sim.central.LedgerSnapshot.OrderStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The central system without its MQTT: accounts, orders, the HSM role and the ledger, under one
 * lock, committed to the state file after every change. A method that returns an ack or an answer
 * returns it only after the commit; when the commit fails there is no ack (the kiosk sends again).
 */
final class CentralService {
  private static final Logger log = LoggerFactory.getLogger(CentralService.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Object lock = new Object();
  private final StateFile file;
  private final Clock clock;
  private final CentralState state;
  private final OrderBook orders;
  private final EventProcessor events;
  private final RequestProcessor requests;
  private final PaymentProvider payments;
  private final MemoryCardService memoryCards;

  /** Loads the committed state, or starts empty. */
  CentralService(StateFile file, LoadKeys keys, Clock clock) throws IOException {
    this.file = file;
    this.clock = clock;
    this.state = file.load();
    this.orders = new OrderBook(state.orders);
    this.events = new EventProcessor(state, orders);
    this.requests = new RequestProcessor(state, orders, new Hsm(keys));
    this.payments = new PaymentProvider(state.qr, clock);
    this.memoryCards = new MemoryCardService(state, orders);
  }

  void putAccount(Account account) {
    mutate(s -> s.accounts.put(account.cardNo(), account));
  }

  List<Account> accounts() {
    synchronized (lock) {
      return List.copyOf(state.accounts.values());
    }
  }

  Optional<Account> account(String cardNo) {
    synchronized (lock) {
      return Optional.ofNullable(state.accounts.get(cardNo));
    }
  }

  void setSafety(String cardNo, Safety safety, String notice) {
    mutate(s -> s.accounts.put(cardNo, existing(cardNo).withSafety(safety, notice)));
  }

  String createOrder(String cardNo, long amount, long money, String description) {
    if (amount <= 0 || money < 0) {
      throw new IllegalArgumentException("an order needs a positive amount and money >= 0");
    }
    String orderId = "ord-" + UUID.randomUUID();
    mutate(
        s -> {
          Account a = existing(cardNo);
          orders.add(
              new OrderEntry(
                  orderId,
                  cardNo,
                  "online",
                  amount,
                  money,
                  description,
                  OrderStatus.OPEN,
                  null,
                  clock.instant().toString()));
          if (a.unit() == CardUnit.CENTI_M3) { // the sale counts in the tariff cycle when paid
            s.accounts.put(cardNo, a.withCycleVolume(a.cycleVolumeCentiM3() + amount));
          }
        });
    return orderId;
  }

  /** A copy of the residents' service requests and ratings so far. */
  ResidentRecords residents() {
    synchronized (lock) {
      return JSON.convertValue(state.residents, ResidentRecords.class);
    }
  }

  /** A copy of what the fleet events of {@code kioskId} said so far (empty if nothing). */
  FleetRecord fleet(String kioskId) {
    synchronized (lock) {
      FleetRecord r = state.fleet.get(kioskId);
      return r == null ? new FleetRecord() : JSON.convertValue(r, FleetRecord.class);
    }
  }

  /** Waits until {@code kioskId}'s fleet record satisfies {@code condition}; returns that copy. */
  FleetRecord awaitFleet(String kioskId, Predicate<FleetRecord> condition, Duration timeout) {
    FleetRecord[] seen = new FleetRecord[1];
    try {
      awaitLedger(
          l -> {
            seen[0] = fleet(kioskId);
            return condition.test(seen[0]);
          },
          timeout);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          "fleet record of kiosk "
              + kioskId
              + " not as expected within "
              + timeout
              + ": "
              + JSON.valueToTree(seen[0]),
          e);
    }
    return seen[0];
  }

  /** The safety team's queue of meter alerts, by readingId, first reported first. */
  Map<String, MeterAlert> meterAlerts() {
    synchronized (lock) {
      return Collections.unmodifiableMap(new LinkedHashMap<>(state.meterAlerts));
    }
  }

  /** Loads some kiosk started writing, by txnId, with what became of them. */
  Map<String, UncertainLoad> uncertainLoads() {
    synchronized (lock) {
      return Collections.unmodifiableMap(new LinkedHashMap<>(state.uncertainLoads));
    }
  }

  /** Reads the live state under the lock (checkers that must not copy the whole ledger). */
  <T> T read(Function<CentralState, T> query) {
    synchronized (lock) {
      return query.apply(state);
    }
  }

  LedgerSnapshot ledger() {
    synchronized (lock) {
      return state.snapshot();
    }
  }

  LedgerSnapshot awaitLedger(Predicate<LedgerSnapshot> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (true) {
        LedgerSnapshot s = state.snapshot();
        if (condition.test(s)) {
          return s;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException(
              "ledger condition not met within " + timeout + "; " + s.counters());
        }
        try {
          lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for the ledger", e);
        }
      }
    }
  }

  /**
   * Commits a kiosk's event batch.
   *
   * @return the seq to acknowledge once this returns, or -1 for no ack
   */
  long onEvents(String kioskId, byte[] payload) {
    synchronized (lock) {
      long ackUpTo;
      try {
        ackUpTo = events.apply(kioskId, parse(payload), clock.instant().toString());
      } catch (Rejected e) {
        state.rejectedEvents++;
        log.warn("central: event batch from kiosk {} rejected: {}", kioskId, e.getMessage());
        ackUpTo = -1;
      }
      return commit() ? ackUpTo : -1;
    }
  }

  /** Answers a request; an answer that changed the state is committed before it is returned. */
  ObjectNode onRequest(String kioskId, String op, byte[] payload) {
    String schema =
        op.startsWith("qr.")
            ? PaymentProvider.RESULT
            : switch (op) {
              case "load.authorize" -> RequestProcessor.AUTHORIZE_RESULT;
              case "card.service" -> MemoryCardService.RESULT;
              default -> RequestProcessor.LOOKUP_RESULT;
            };
    synchronized (lock) {
      String requestId = null;
      ObjectNode answer;
      try {
        JsonNode req = parse(payload);
        requestId = Fields.optionalText(req, "requestId", null);
        answer =
            switch (op) {
              case "card.lookup" -> requests.lookup(req);
              case "load.authorize" -> requests.authorize(kioskId, req, clock.instant().toString());
              case "qr.charge" -> payments.charge(kioskId, req, clock.instant().toString());
              case "qr.create" -> payments.create(kioskId, req, clock.instant().toString());
              case "qr.cancel" -> payments.cancel(kioskId, req, clock.instant().toString());
              case "card.service" -> memoryCards.serve(kioskId, req, clock.instant().toString());
              default -> throw new Rejected("unsupported operation " + op);
            };
      } catch (Rejected e) {
        state.rejectedRequests++;
        log.warn("central: {} from kiosk {} rejected: {}", op, kioskId, e.getMessage());
        answer = RequestProcessor.error(schema, requestId, "malformed request: " + e.getMessage());
      }
      if (answer == null) {
        return null; // a knob of the payment provider: this request goes unanswered
      }
      boolean changed = !op.equals("card.lookup") || "error".equals(answer.path("result").asText());
      if (changed && !commit()) {
        return RequestProcessor.error(
            schema, requestId, "central system could not commit; ask again");
      }
      return answer;
    }
  }

  /** The payment provider's knobs. */
  PaymentProvider payments() {
    return payments;
  }

  /** The resident's wallet pays a QR payment (committed when this returns). */
  QrCharge walletPays(String txnId) {
    QrCharge[] out = new QrCharge[1];
    mutate(s -> out[0] = payments.walletPays(txnId, clock.instant().toString()));
    return out[0];
  }

  /** Every QR payment the provider knows, by txnId. */
  Map<String, QrCharge> qrCharges() {
    synchronized (lock) {
      return Map.copyOf(state.qr);
    }
  }

  /** Paid notifications to publish; only ever after the state that produced them is committed. */
  List<PaymentProvider.Notice> drainNotices() {
    synchronized (lock) {
      return payments.drainNotices();
    }
  }

  /** A request that cannot even be answered (no or foreign response topic): counted. */
  void rejectUnanswerable() {
    synchronized (lock) {
      state.rejectedRequests++;
      commit();
    }
  }

  private Account existing(String cardNo) {
    Account a = state.accounts.get(cardNo);
    if (a == null) {
      throw new IllegalArgumentException("no account for card " + cardNo);
    }
    return a;
  }

  private void mutate(Consumer<CentralState> change) {
    synchronized (lock) {
      change.accept(state);
      if (!commit()) {
        throw new UncheckedIOException(new IOException("cannot commit to " + file.path()));
      }
    }
  }

  /** Under the lock. False when the state could not be written: then nothing may be acked. */
  private boolean commit() {
    try {
      file.commit(state);
      lock.notifyAll();
      return true;
    } catch (IOException e) {
      log.error("central: cannot commit state to {}", file.path(), e);
      return false;
    }
  }

  private static JsonNode parse(byte[] payload) {
    try {
      JsonNode n = JSON.readTree(payload);
      if (n == null || !n.isObject()) {
        throw new Rejected("not a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new Rejected("not JSON");
    }
  }

  /** Every kiosk's daily settlement reconciled against the ledger now (SettlementBook). */
  List<Map<String, Object>> settlements() {
    synchronized (lock) {
      return SettlementBook.reconcile(state);
    }
  }
}
