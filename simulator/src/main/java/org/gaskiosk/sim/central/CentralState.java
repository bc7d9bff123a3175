package org.gaskiosk.sim.central;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gaskiosk.sim.central.LedgerSnapshot.Authorization;
import org.gaskiosk.sim.central.LedgerSnapshot.Cancellation;
import org.gaskiosk.sim.central.LedgerSnapshot.Counters;
import org.gaskiosk.sim.central.LedgerSnapshot.EventEntry;
import org.gaskiosk.sim.central.LedgerSnapshot.KioskStream;
import org.gaskiosk.sim.central.LedgerSnapshot.Load;
import org.gaskiosk.sim.central.LedgerSnapshot.OrderEntry;
import org.gaskiosk.sim.central.LedgerSnapshot.Payment;
import org.gaskiosk.sim.central.LedgerSnapshot.PendingCredit;

/**
 * Everything the central simulator knows, persisted as one JSON document. Mutable; guarded by the
 * simulator's lock. Public fields because Jackson reads and writes it as is.
 */
final class CentralState {
  public Map<String, Account> accounts = new TreeMap<>();
  public Map<String, OrderEntry> orders = new LinkedHashMap<>();
  public Map<String, EventEntry> events = new LinkedHashMap<>();
  public Map<String, Load> loads = new LinkedHashMap<>();
  public Map<String, PendingCredit> pendingCredits = new LinkedHashMap<>();
  public Map<String, List<Payment>> payments = new LinkedHashMap<>();
  public Map<String, Cancellation> cancellations = new LinkedHashMap<>();
  public Map<String, Authorization> authorizations = new LinkedHashMap<>();
  public Map<String, KioskStream> kiosks = new TreeMap<>();
  public Map<String, FleetRecord> fleet = new TreeMap<>();
  public Map<String, QrCharge> qr = new LinkedHashMap<>();

  /** Daily settlements as the kiosks sent them, by "kioskId/businessDay" (SettlementBook). */
  public Map<String, com.fasterxml.jackson.databind.JsonNode> settlements = new TreeMap<>();

  public Map<String, MeterAlert> meterAlerts = new LinkedHashMap<>();
  public Map<String, UncertainLoad> uncertainLoads = new LinkedHashMap<>();
  public ResidentRecords residents = new ResidentRecords();
  public Map<String, MemoryCardRecord> memoryCards = new TreeMap<>();
  public Map<String, CardServiceEntry> cardServices = new LinkedHashMap<>();
  public long duplicates;
  public long rejectedEvents;
  public long rejectedRequests;
  public long unknownTypes;
  public long gaps;

  LedgerSnapshot snapshot() {
    Map<String, List<Payment>> paid = new LinkedHashMap<>();
    payments.forEach((txn, list) -> paid.put(txn, List.copyOf(list)));
    return new LedgerSnapshot(
        copy(events),
        copy(loads),
        copy(pendingCredits),
        Collections.unmodifiableMap(paid),
        copy(cancellations),
        copy(authorizations),
        copy(orders),
        copy(kiosks),
        new Counters(
            events.size(), duplicates, rejectedEvents, rejectedRequests, unknownTypes, gaps));
  }

  void addPayment(Payment p) {
    payments.computeIfAbsent(p.txnId(), k -> new ArrayList<>()).add(p);
  }

  private static <V> Map<String, V> copy(Map<String, V> m) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }
}
