package org.gaskiosk.core.settlement;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.gaskiosk.core.fleet.Fault;
import org.gaskiosk.core.journal.CashBox;
import org.gaskiosk.core.journal.DayBook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the kiosk's business day at a configured local time: business day D covers {@code [D-1 at
 * closeAt, D at closeAt)} in the configured zone. The report (transactions, cash by denomination,
 * QR receipts, pending credits, open faults) is stored and sent as {@code settlement.daily} in one
 * journal transaction, once per day; days missed while the kiosk was off are closed in order when
 * it comes back (up to {@link #MAX_CATCH_UP} of them).
 *
 * <p>The clock is injected: {@link #tick()} is called every minute by {@link #start} in production,
 * directly by tests.
 */
public final class DailySettlement {
  private static final Logger log = LoggerFactory.getLogger(DailySettlement.class);
  static final int MAX_CATCH_UP = 7;

  /**
   * @param kioskId the kiosk
   * @param closeAt the local time the day closes
   * @param zone the zone of closeAt (the kiosk's civil time, e.g. Asia/Shanghai)
   */
  public record Config(String kioskId, LocalTime closeAt, ZoneId zone) {
    public Config {
      Objects.requireNonNull(kioskId, "kioskId");
      Objects.requireNonNull(closeAt, "closeAt");
      Objects.requireNonNull(zone, "zone");
    }
  }

  /** Where the report's open-fault list comes from. */
  @FunctionalInterface
  public interface OpenFaults {
    List<Fault> open();
  }

  private final Config config;
  private final Clock clock;
  private final DayBook book;
  private final OpenFaults faults;

  public DailySettlement(Config config, Clock clock, DayBook book, OpenFaults faults) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.book = Objects.requireNonNull(book, "book");
    this.faults = Objects.requireNonNull(faults, "faults");
  }

  /** Calls {@link #tick()} every minute on {@code executor}; a failure is logged, not fatal. */
  public void start(ScheduledExecutorService executor) {
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            tick();
          } catch (RuntimeException e) {
            log.error("daily settlement failed; tried again in a minute", e);
          }
        },
        0,
        1,
        TimeUnit.MINUTES);
  }

  /**
   * Closes every business day whose close time has passed and that is not closed yet.
   *
   * @return the reports closed now, oldest first
   */
  public synchronized List<Map<String, Object>> tick() {
    LocalDate due = lastDueDay(clock.instant());
    Optional<LocalDate> last = book.lastClosed();
    LocalDate first = last.map(d -> d.plusDays(1)).orElse(due);
    if (first.isBefore(due.minusDays(MAX_CATCH_UP - 1))) {
      first = due.minusDays(MAX_CATCH_UP - 1);
    }
    List<Map<String, Object>> closed = new ArrayList<>();
    for (LocalDate day = first; !day.isAfter(due); day = day.plusDays(1)) {
      close(day).ifPresent(closed::add);
    }
    return closed;
  }

  /** Closes {@code day} now if it is not closed; its window must have ended. */
  public Optional<Map<String, Object>> close(LocalDate day) {
    Instant from = closeInstant(day.minusDays(1));
    Instant to = closeInstant(day);
    if (clock.instant().isBefore(to)) {
      throw new IllegalArgumentException("business day " + day + " ends only at " + to);
    }
    Optional<Map<String, Object>> report =
        book.close(day, from, to, totals -> report(day, from, to, totals));
    report.ifPresent(r -> log.info("business day {} closed: {}", day, r));
    return report;
  }

  /** The stored report of {@code day}. */
  public Optional<Map<String, Object>> report(LocalDate day) {
    return book.report(day);
  }

  /** The last closed day. */
  public Optional<LocalDate> lastClosed() {
    return book.lastClosed();
  }

  /** The latest business day whose close time is at or before {@code now}. */
  LocalDate lastDueDay(Instant now) {
    ZonedDateTime local = now.atZone(config.zone());
    LocalDate today = local.toLocalDate();
    return now.isBefore(closeInstant(today)) ? today.minusDays(1) : today;
  }

  Instant closeInstant(LocalDate day) {
    return ZonedDateTime.of(day, config.closeAt(), config.zone()).toInstant();
  }

  private Map<String, Object> report(
      LocalDate day, Instant from, Instant to, DayBook.Totals totals) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("schema", "settlement/1");
    r.put("kioskId", config.kioskId());
    r.put("businessDay", day.toString());
    r.put("from", from.toString());
    r.put("to", to.toString());
    Map<String, Object> completed = new LinkedHashMap<>(totals.completed().toMap());
    completed.put("cashPaid", totals.cashPaidOnCompleted());
    Map<String, Object> kinds = new LinkedHashMap<>();
    totals.completedByKind().forEach((k, v) -> kinds.put(k, v.toMap()));
    completed.put("byKind", kinds);
    Map<String, Object> txns = new LinkedHashMap<>();
    txns.put("completed", completed);
    txns.put("cancelled", totals.cancelled());
    r.put("transactions", txns);
    Map<String, Object> cash = new LinkedHashMap<>();
    cash.put("notes", totals.notes());
    cash.put("total", totals.cash());
    cash.put("byDenomination", CashBox.wire(totals.notesByDenomination()));
    r.put("cash", cash);
    // QR payments are counted by payment method once the kiosk takes them; zero until then.
    r.put("qr", totals.qrReceived().toMap());
    Map<String, Object> pending = new LinkedHashMap<>();
    List<Map<String, Object>> opened = new ArrayList<>();
    long openedMoney = 0;
    for (DayBook.PendingItem p : totals.pendingOpened()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("txnId", p.txnId());
      item.put("reference", p.reference());
      item.put("money", p.money());
      opened.add(item);
      openedMoney += p.money();
    }
    pending.put("opened", Map.of("count", (long) opened.size(), "money", openedMoney));
    pending.put("openedItems", opened);
    pending.put("loadedElsewhere", totals.loadedElsewhere().toMap());
    pending.put("openAtClose", totals.pendingOpenAtEnd().toMap());
    r.put("pendingCredits", pending);
    List<Map<String, Object>> open = new ArrayList<>();
    for (Fault f : faults.open()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("device", f.device());
      m.put("code", f.code());
      m.put("severity", f.severity().wireName());
      m.put("since", f.raisedAt().toString());
      open.add(m);
    }
    r.put("faultsOpen", open);
    return r;
  }
}
