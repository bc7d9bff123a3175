package org.gaskiosk.sim.central;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TeleSampleEventsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final CentralState state = new CentralState();
  private final EventProcessor events = new EventProcessor(state, new OrderBook(state.orders));

  /** One batch of one event, as the kiosk sends it (again after a lost ack: same id and seq). */
  private void send(long seq, String ts, long dropped) throws Exception {
    JsonNode batch =
        JSON.readTree(
            "{\"schema\":\"events/1\",\"kioskId\":\"K1\",\"bootId\":\"b1\",\"afterSeq\":"
                + (seq - 1)
                + ",\"events\":[{\"eventId\":\"e"
                + seq
                + "\",\"seq\":"
                + seq
                + ",\"type\":\"tele.sample\",\"body\":{\"schema\":\"tele/1\",\"ts\":\""
                + ts
                + "\",\"droppedSamples\":"
                + dropped
                + "}}]}");
    events.apply("K1", batch, "2026-11-27T10:00:00Z");
  }

  @Test
  void queued_telemetry_is_kept_as_history_in_seq_order_and_each_sample_counts_once()
      throws Exception {
    send(1, "2026-11-27T09:00:00Z", 0);
    send(2, "2026-11-27T09:01:00Z", 0);
    send(2, "2026-11-27T09:01:00Z", 0); // the ack was lost: sent again
    send(3, "2026-11-27T09:30:00Z", 28);

    FleetRecord r = state.fleet.get("K1");
    assertThat(r.teleSamples).isEqualTo(3);
    assertThat(r.teleSamplesDropped).isEqualTo(28);
    assertThat(r.teleHistory.stream().map(b -> b.path("ts").asText()).toList())
        .containsExactly("2026-11-27T09:00:00Z", "2026-11-27T09:01:00Z", "2026-11-27T09:30:00Z");
    assertThat(state.unknownTypes).isZero();
  }

  @Test
  void the_history_keeps_only_the_newest_samples() throws Exception {
    int n = FleetRecord.TELE_HISTORY_LIMIT + 5;
    for (int i = 1; i <= n; i++) {
      send(i, "2026-11-27T09:00:00Z", 0);
    }

    FleetRecord r = state.fleet.get("K1");
    assertThat(r.teleSamples).isEqualTo(n);
    assertThat(r.teleHistory).hasSize(FleetRecord.TELE_HISTORY_LIMIT);
  }
}
