package org.gaskiosk.core.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OutboxPumpTest {
  private final InMemoryOutbox outbox = new InMemoryOutbox();
  private final UplinkCodec codec = new UplinkCodec();
  private final List<JsonNode> sent = new ArrayList<>();
  private final AtomicLong nanos = new AtomicLong();
  private boolean brokerWindowFull;
  private OutboxPump pump;

  @BeforeEach
  void givenAPumpWithBatchesOfTwoAndAWindowOfThree() {
    pump =
        new OutboxPump(
            outbox,
            codec,
            "K1",
            "boot-1",
            2,
            3,
            Duration.ofSeconds(30),
            nanos::get,
            payload -> {
              if (brokerWindowFull) {
                throw new MqttException(MqttClientException.REASON_CODE_MAX_INFLIGHT);
              }
              sent.add(codec.read(payload));
            });
  }

  private void append(int n) {
    for (int i = 0; i < n; i++) {
      outbox.append("cash.accepted", "{\"value\":100}");
    }
  }

  private List<Long> seqsOf(JsonNode batch) {
    List<Long> seqs = new ArrayList<>();
    batch.get("events").forEach(e -> seqs.add(e.get("seq").asLong()));
    return seqs;
  }

  @Test
  void sends_nothing_before_the_link_is_up() {
    append(3);
    pump.pump();
    assertThat(sent).isEmpty();
  }

  @Test
  void never_has_more_batches_unacknowledged_than_the_window() {
    append(10);
    pump.connected(100);
    assertThat(sent).hasSize(3);
    assertThat(seqsOf(sent.get(0))).containsExactly(1L, 2L);
    assertThat(seqsOf(sent.get(2))).containsExactly(5L, 6L);
    assertThat(sent.get(1).get("afterSeq").asLong()).isEqualTo(2);
    assertThat(pump.inFlight()).isEqualTo(3);
  }

  @Test
  void keeps_the_window_below_the_brokers_receive_maximum() {
    append(10);
    pump.connected(3); // 3 - 2 reserved slots = 1 batch
    assertThat(sent).hasSize(1);
  }

  @Test
  void deletes_rows_only_on_ack_and_then_sends_more() {
    append(10);
    pump.connected(100);
    assertThat(outbox.depth()).isEqualTo(10);

    pump.acked(4);

    assertThat(outbox.acks()).containsExactly(4L);
    assertThat(outbox.depth()).isEqualTo(6);
    assertThat(sent).hasSize(5);
    assertThat(seqsOf(sent.get(4))).containsExactly(9L, 10L);
    assertThat(pump.lastAcked()).isEqualTo(4);
  }

  @Test
  void never_deletes_beyond_what_this_process_sent() {
    append(10);
    pump.connected(100); // sent up to 6
    pump.acked(1_000);
    assertThat(outbox.acks()).containsExactly(6L);
    assertThat(outbox.depth()).isEqualTo(4);
  }

  @Test
  void sends_everything_unacknowledged_again_after_the_ack_timeout() {
    append(4);
    pump.connected(100);
    assertThat(sent).hasSize(2);

    nanos.addAndGet(Duration.ofSeconds(31).toNanos());
    pump.pump();

    assertThat(sent).hasSize(4);
    assertThat(seqsOf(sent.get(2))).containsExactly(1L, 2L);
    assertThat(sent.get(2).get("afterSeq").asLong()).isZero();
  }

  @Test
  void sends_everything_unacknowledged_again_after_a_reconnect() {
    append(4);
    pump.connected(100);
    pump.acked(2);
    pump.disconnected();
    sent.clear();

    pump.connected(100);

    assertThat(sent).hasSize(1);
    assertThat(seqsOf(sent.get(0))).containsExactly(3L, 4L);
    assertThat(sent.get(0).get("afterSeq").asLong()).isZero();
  }

  @Test
  void a_full_broker_window_delays_events_without_losing_them() {
    append(2);
    brokerWindowFull = true;
    pump.connected(100);
    assertThat(sent).isEmpty();

    brokerWindowFull = false;
    pump.pump();

    assertThat(sent).hasSize(1);
    assertThat(seqsOf(sent.get(0))).containsExactly(1L, 2L);
  }
}
