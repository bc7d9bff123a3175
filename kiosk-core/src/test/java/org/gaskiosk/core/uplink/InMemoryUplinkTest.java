package org.gaskiosk.core.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.gaskiosk.core.domain.CardFamily;
import org.gaskiosk.core.domain.CardSnapshot;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.core.domain.MeterRecord;
import org.gaskiosk.core.port.LookupRequest;
import org.gaskiosk.core.port.LookupResult;
import org.gaskiosk.core.port.QrPaidNotice;
import org.junit.jupiter.api.Test;

/** The in-memory uplink keeps the outbox's promise: rows leave only on the central system's ack. */
class InMemoryUplinkTest {
  private final InMemoryOutbox outbox = new InMemoryOutbox();
  private final List<String> batches = new ArrayList<>();
  private boolean ack = true;
  private final InMemoryUplink.Transport central =
      new InMemoryUplink.Transport() {
        @Override
        public Optional<byte[]> request(String kioskId, String op, byte[] payload) {
          return Optional.of("{\"result\":\"unknown\",\"message\":\"no such card\"}".getBytes());
        }

        @Override
        public OptionalLong events(String kioskId, byte[] batch) {
          batches.add(new String(batch));
          return ack ? OptionalLong.of(outbox.depth() == 0 ? 0 : lastSeq()) : OptionalLong.empty();
        }
      };
  private final InMemoryUplink uplink =
      new InMemoryUplink(
          "K1",
          outbox,
          Clock.fixed(Instant.parse("2026-03-02T01:00:00Z"), ZoneOffset.UTC),
          Duration.ofSeconds(30),
          central);

  private long lastSeq() {
    return outbox.after(0, 1000).get(outbox.after(0, 1000).size() - 1).seq();
  }

  @Test
  void an_acknowledged_batch_leaves_the_outbox_and_an_unacknowledged_one_is_sent_again()
      throws Exception {
    uplink.setConnected(true);
    outbox.append("cash.accepted", "{}");
    ack = false;

    assertThat(uplink.drain(false)).isEqualTo(1);
    uplink.setConnected(false);
    uplink.setConnected(true); // a reconnect sends everything unacknowledged again
    ack = true;

    assertThat(uplink.drain(false)).isZero();
    assertThat(batches).hasSize(2);
  }

  @Test
  void nothing_is_sent_while_the_link_is_down_and_requests_are_unreachable() {
    outbox.append("cash.accepted", "{}");

    assertThat(uplink.drain(false)).isEqualTo(1);
    assertThat(batches).isEmpty();
    assertThat(
            uplink.lookup(
                new LookupRequest(
                    "r-1",
                    new CardSnapshot(
                        "3100000000000001", CardFamily.PURSE, CardUnit.FEN, 0, MeterRecord.NONE))))
        .isInstanceOf(LookupResult.Unreachable.class);
  }

  @Test
  void lost_acks_leave_the_rows_for_the_next_drain() {
    uplink.setConnected(true);
    outbox.append("cash.accepted", "{}");

    assertThat(uplink.drain(true)).isEqualTo(1);
  }

  @Test
  void a_paid_notice_reaches_the_listener_only_while_the_link_is_up_and_only_when_well_formed() {
    List<QrPaidNotice> heard = new ArrayList<>();
    uplink.onQrPaid(heard::add);
    byte[] notice =
        ("{\"schema\":\"qr.paid/1\",\"txnId\":\"t-1\",\"paymentId\":\"p-1\",\"money\":2000}")
            .getBytes();

    assertThat(uplink.deliverQrNotice(notice)).isFalse(); // the link is down: missed
    uplink.setConnected(true);
    assertThat(uplink.deliverQrNotice("{\"schema\":\"qr.paid/1\",\"txnId\":\"t-1\"}".getBytes()))
        .isFalse();
    assertThat(uplink.deliverQrNotice(notice)).isTrue();

    assertThat(heard).containsExactly(new QrPaidNotice("t-1", "p-1", 2000));
  }
}
