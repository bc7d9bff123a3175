package org.gaskiosk.sim.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.gaskiosk.core.domain.CardSnapshot;
import org.gaskiosk.core.port.BillAcceptor;
import org.gaskiosk.core.port.BillListener;
import org.gaskiosk.core.port.CardLogEntry;
import org.gaskiosk.core.port.CardOpening;
import org.gaskiosk.core.port.CardReader;
import org.gaskiosk.core.port.CardResult;
import org.gaskiosk.core.port.LoadInit;
import org.gaskiosk.core.port.PurseSession;
import org.gaskiosk.core.port.TransactionProof;
import org.gaskiosk.core.uplink.InMemoryUplink;

/** Deliberately broken kiosk parts, built only here, that the campaign must catch. */
final class BrokenParts {
  private BrokenParts() {}

  /**
   * An acceptor driver that acknowledges a stacked note at once and hands the credit to the kiosk
   * later (when the next note reaches escrow): the note is in the cash box before the journal
   * knows.
   */
  static BillAcceptor acknowledgesBeforeCommitting(BillAcceptor driver) {
    return new BillAcceptor() {
      @Override
      public void start(BillListener listener) {
        Deque<Object[]> later = new ArrayDeque<>();
        driver.start(
            new BillListener() {
              @Override
              public EscrowDecision onEscrow(long valueFen) {
                while (!later.isEmpty()) {
                  Object[] n = later.removeFirst();
                  listener.onStacked((String) n[0], (Long) n[1]);
                }
                return listener.onEscrow(valueFen);
              }

              @Override
              public void onStacked(String noteId, long valueFen) {
                later.addLast(new Object[] {noteId, valueFen}); // "acknowledged": returns at once
              }

              @Override
              public void onReturned(long valueFen, String reason) {
                listener.onReturned(valueFen, reason);
              }
            });
      }

      @Override
      public void enable() {
        driver.enable();
      }

      @Override
      public void inhibit() {
        driver.inhibit();
      }

      @Override
      public boolean isEnabled() {
        return driver.isEnabled();
      }

      @Override
      public void stop() {
        driver.stop();
      }

      @Override
      public String health() {
        return driver.health();
      }
    };
  }

  /**
   * A journal whose last banknote credit does not survive a power cut (as with a write delay, or a
   * commit that never reached the disk).
   */
  static void forgetLastCredit(String jdbcUrl) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "kiosk", "");
        PreparedStatement last =
            c.prepareStatement(
                "SELECT note_id, txn_id, note_value FROM banknote ORDER BY stacked_at DESC,"
                    + " note_id LIMIT 1");
        ResultSet rs = last.executeQuery()) {
      if (!rs.next()) {
        return;
      }
      try (PreparedStatement del = c.prepareStatement("DELETE FROM banknote WHERE note_id = ?");
          PreparedStatement paid =
              c.prepareStatement("UPDATE recharge SET paid = paid - ? WHERE txn_id = ?")) {
        del.setString(1, rs.getString(1));
        del.executeUpdate();
        paid.setLong(1, rs.getLong(3));
        paid.setString(2, rs.getString(2));
        paid.executeUpdate();
      }
    }
  }

  /**
   * A way to the central system that acknowledges every third event batch without delivering it (an
   * ack sent before the central commit, and the commit then lost).
   */
  static InMemoryUplink.Transport acksBeforeTheCentralCommits(InMemoryUplink.Transport central) {
    ObjectMapper json = new ObjectMapper();
    int[] batches = {0};
    return new InMemoryUplink.Transport() {
      @Override
      public Optional<byte[]> request(String kioskId, String op, byte[] payload) {
        return central.request(kioskId, op, payload);
      }

      @Override
      public OptionalLong events(String kioskId, byte[] batch) {
        if (++batches[0] % 3 != 0) {
          return central.events(kioskId, batch);
        }
        try {
          JsonNode events = json.readTree(batch).path("events");
          return OptionalLong.of(events.get(events.size() - 1).path("seq").asLong());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }

  /**
   * A kiosk that takes a late "paid" for nothing: when its cancel of a QR payment comes back {@code
   * paid} (the wallet confirmed as the kiosk gave up), it reads the answer as {@code cancelled}, so
   * the money the provider took is neither loaded nor parked nor refunded.
   */
  static InMemoryUplink.Transport dropsLatePaidAnswers(InMemoryUplink.Transport central) {
    ObjectMapper json = new ObjectMapper();
    return new InMemoryUplink.Transport() {
      @Override
      public Optional<byte[]> request(String kioskId, String op, byte[] payload) {
        Optional<byte[]> answer = central.request(kioskId, op, payload);
        if (!op.equals("qr.cancel") || answer.isEmpty()) {
          return answer;
        }
        try {
          JsonNode a = json.readTree(answer.get());
          if (a == null || !a.path("result").asText().equals("paid")) {
            return answer;
          }
          com.fasterxml.jackson.databind.node.ObjectNode c =
              ((com.fasterxml.jackson.databind.node.ObjectNode) a).deepCopy();
          c.put("result", "cancelled");
          c.put("message", "nothing was taken");
          c.remove("paymentId");
          c.remove("money");
          return Optional.of(json.writeValueAsBytes(c));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public OptionalLong events(String kioskId, byte[] batch) {
        return central.events(kioskId, batch);
      }
    };
  }

  /**
   * A card writer that takes a torn CREDIT FOR LOAD for "not applied": at the card's next insertion
   * it answers the kiosk's question to the card with the card's state from before the tear, instead
   * of the card's own evidence, so the kiosk loads the value again.
   */
  static CardReader forgetsTornLoads(CardReader reader) {
    Map<String, LoadInit> torn = new HashMap<>();
    return new CardReader() {
      @Override
      public boolean isCardPresent() {
        return reader.isCardPresent();
      }

      @Override
      public boolean awaitPresence(boolean present, Duration timeout) throws InterruptedException {
        return reader.awaitPresence(present, timeout);
      }

      @Override
      public String health() {
        return reader.health();
      }

      @Override
      public CardOpening open() {
        CardOpening o = reader.open();
        if (o instanceof CardOpening.Opened opened) {
          return new CardOpening.Opened(new Forgetful(opened.session(), torn));
        }
        return o;
      }
    };
  }

  private static final class Forgetful implements PurseSession {
    private final PurseSession s;
    private final Map<String, LoadInit> torn;
    private LoadInit last;

    Forgetful(PurseSession s, Map<String, LoadInit> torn) {
      this.s = s;
      this.torn = torn;
    }

    @Override
    public CardSnapshot snapshot() {
      return s.snapshot();
    }

    @Override
    public CardResult<LoadInit> initializeForLoad(long amount, String terminalId) {
      CardResult<LoadInit> r = s.initializeForLoad(amount, terminalId);
      if (!r.isOk()) {
        return r;
      }
      LoadInit before = torn.remove(s.snapshot().cardNo());
      LoadInit now = r.value();
      last = now;
      if (before == null) {
        return r;
      }
      return CardResult.ok(
          new LoadInit(
              before.oldBalance(),
              before.sequence(),
              now.keyVersion(),
              now.algorithmId(),
              now.random(),
              now.mac1()));
    }

    @Override
    public CardResult<byte[]> creditForLoad(LocalDateTime hostTime, byte[] mac2) {
      CardResult<byte[]> r = s.creditForLoad(hostTime, mac2);
      if (r instanceof CardResult.Removed && last != null) {
        torn.put(s.snapshot().cardNo(), last);
      }
      return r;
    }

    @Override
    public CardResult<Long> balance() {
      return s.balance();
    }

    @Override
    public CardResult<Optional<TransactionProof>> transactionProve(int sequence) {
      return s.transactionProve(sequence);
    }

    @Override
    public CardResult<List<CardLogEntry>> readLog() {
      return s.readLog();
    }

    @Override
    public void close() {
      s.close();
    }
  }
}
