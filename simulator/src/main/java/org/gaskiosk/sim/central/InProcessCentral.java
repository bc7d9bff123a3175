package org.gaskiosk.sim.central;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.gaskiosk.core.port.LookupResult.Safety;
import org.gaskiosk.core.uplink.InMemoryUplink;
import org.gaskiosk.sim.central.LedgerSnapshot.Load;
import org.gaskiosk.sim.central.LedgerSnapshot.OrderEntry;
import org.gaskiosk.sim.central.LedgerSnapshot.Payment;
import org.gaskiosk.sim.central.LedgerSnapshot.PendingCredit;

/**
 * The central system's accounts, orders, HSM and ledger ({@link CentralService}, the same code the
 * MQTT central simulator runs) without a broker and without a state file, answering kiosks through
 * {@link InMemoryUplink} on the caller's thread. For simulation campaigns: fast, and a run depends
 * on nothing but its inputs.
 */
public final class InProcessCentral {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final CentralService service;

  public InProcessCentral(LoadKeys keys, Clock clock) {
    try {
      this.service = new CentralService(StateFile.inMemory(), keys, clock);
    } catch (IOException e) {
      throw new UncheckedIOException("an in-memory state cannot fail to load", e);
    }
  }

  /** What every kiosk's {@link InMemoryUplink} talks to. */
  public InMemoryUplink.Transport transport() {
    return new InMemoryUplink.Transport() {
      @Override
      public Optional<byte[]> request(String kioskId, String op, byte[] payload) {
        ObjectNode answer = service.onRequest(kioskId, op, payload);
        if (answer == null) {
          return Optional.empty(); // the provider left it unanswered (a knob)
        }
        try {
          return Optional.of(JSON.writeValueAsBytes(answer));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public OptionalLong events(String kioskId, byte[] batch) {
        long ackUpTo = service.onEvents(kioskId, batch);
        return ackUpTo > 0 ? OptionalLong.of(ackUpTo) : OptionalLong.empty();
      }
    };
  }

  public void putAccount(Account account) {
    service.putAccount(account);
  }

  public Optional<Account> account(String cardNo) {
    return service.account(cardNo);
  }

  public void setSafety(String cardNo, Safety safety, String notice) {
    service.setSafety(cardNo, safety, notice);
  }

  /** An order paid elsewhere (app, counter) waiting to be loaded: returns its orderId. */
  public String createOrder(String cardNo, long amount, long money) {
    return service.createOrder(cardNo, amount, money, "online order");
  }

  /** The committed load of {@code txnId} ({@code txn.completed}), if any. */
  public Optional<Load> load(String txnId) {
    return service.read(s -> Optional.ofNullable(s.loads.get(txnId)));
  }

  /** What the central knows of {@code txnId} as an uncertain load ({@code txn.writing}), if any. */
  public Optional<UncertainLoad> uncertainLoad(String txnId) {
    return service.read(s -> Optional.ofNullable(s.uncertainLoads.get(txnId)));
  }

  /** The committed pending credit of {@code txnId} ({@code txn.pending}), if any. */
  public Optional<PendingCredit> pendingCredit(String txnId) {
    return service.read(s -> Optional.ofNullable(s.pendingCredits.get(txnId)));
  }

  /** The banknotes of {@code txnId} the central system counted. */
  public List<Payment> payments(String txnId) {
    return service.read(s -> List.copyOf(s.payments.getOrDefault(txnId, List.of())));
  }

  public Optional<OrderEntry> order(String orderId) {
    return service.read(s -> Optional.ofNullable(s.orders.get(orderId)));
  }

  /** Every order of {@code cardNo} (online orders and pending credits), any status. */
  public List<OrderEntry> ordersOf(String cardNo) {
    return service.read(
        s -> {
          List<OrderEntry> out = new ArrayList<>();
          for (OrderEntry o : s.orders.values()) {
            if (o.cardNo().equals(cardNo)) {
              out.add(o);
            }
          }
          return out;
        });
  }

  /** Events or requests the central system rejected as breaking the contract. */
  public long rejected() {
    return service.read(s -> s.rejectedEvents + s.rejectedRequests);
  }

  /** Distinct events committed and duplicates ignored. */
  public long[] eventCounts() {
    return service.read(s -> new long[] {s.events.size(), s.duplicates});
  }

  /** Any other question a checker has, answered under the central system's lock. */
  <T> T query(Function<CentralState, T> q) {
    return service.read(q);
  }

  /** The cash the central system counted from {@code kioskId}'s {@code cash.accepted} events. */
  public long paymentsTotal(String kioskId) {
    return service.read(
        s ->
            s.payments.values().stream()
                .flatMap(List::stream)
                .filter(p -> p.kioskId().equals(kioskId))
                .mapToLong(Payment::value)
                .sum());
  }

  /** How many loads {@code kioskId} reported completed, and the money they stand for. */
  public long[] loadsOf(String kioskId) {
    return service.read(
        s -> {
          long n = 0;
          long money = 0;
          for (Load l : s.loads.values()) {
            if (l.kioskId().equals(kioskId)) {
              n++;
              money += l.money();
            }
          }
          return new long[] {n, money};
        });
  }

  /** Pending credits of kiosks still waiting for their card (orders of kind pending, open). */
  public long openPendingOrders() {
    return service.read(
        s ->
            s.orders.values().stream()
                .filter(o -> o.kind().equals("pending"))
                .filter(o -> o.status() == LedgerSnapshot.OrderStatus.OPEN)
                .count());
  }

  /** Loads kiosks started writing ({@code txn.writing}) and what became of them, by txnId. */
  public Map<String, UncertainLoad> uncertainLoads() {
    return service.read(s -> Map.copyOf(s.uncertainLoads));
  }

  /** What the card service knows of a memory card's PSC, if it ever served the card. */
  public Optional<MemoryCardRecord> memoryCard(String cardNo) {
    return service.read(s -> Optional.ofNullable(s.memoryCards.get(cardNo)));
  }

  /** The simulated payment provider's knobs (decline, slow confirmation, paid late, ...). */
  public PaymentProvider payments() {
    return service.payments();
  }

  /**
   * The resident's wallet pays QR payment {@code txnId} now; its paid notifications wait in {@link
   * #drainQrNotices()} (a payment the kiosk already cancelled is refunded instead).
   */
  public QrCharge walletPays(String txnId) {
    return service.walletPays(txnId);
  }

  /** A {@code qr.paid/1} notification for a kiosk, to be handed to its uplink. */
  public record QrNotice(String kioskId, byte[] payload) {}

  /**
   * The paid notifications the provider queued since the last call, in order: the caller delivers
   * them (or loses them) when it chooses, so a campaign stays deterministic.
   */
  public List<QrNotice> drainQrNotices() {
    return service.drainNotices().stream()
        .map(n -> new QrNotice(n.kioskId(), n.payload()))
        .toList();
  }

  /** Every QR payment the provider knows, by txnId. */
  public Map<String, QrCharge> qrCharges() {
    return service.qrCharges();
  }

  /** Loads by txnId, for a final audit. */
  public Map<String, Load> loads() {
    return service.read(s -> Map.copyOf(s.loads));
  }
}
