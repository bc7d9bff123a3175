package org.gaskiosk.sim.central;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ResidentEventsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final CentralState state = new CentralState();
  private final EventProcessor events = new EventProcessor(state, new OrderBook(state.orders));
  private long seq;

  private void send(String kioskId, String type, String body) throws Exception {
    long s = ++seq;
    JsonNode batch =
        JSON.readTree(
            "{\"schema\":\"events/1\",\"kioskId\":\""
                + kioskId
                + "\",\"bootId\":\"b1\",\"afterSeq\":"
                + (s - 1)
                + ",\"events\":[{\"eventId\":\"e"
                + s
                + "\",\"seq\":"
                + s
                + ",\"type\":\""
                + type
                + "\",\"body\":"
                + body
                + "}]}");
    events.apply(kioskId, batch, "2026-11-27T10:00:00Z");
  }

  @Test
  void service_requests_are_recorded_by_request_id_with_the_kiosk_that_sent_them()
      throws Exception {
    send(
        "K1",
        "service.request",
        "{\"requestId\":\"r1\",\"reference\":\"SABCDEF12\",\"kind\":\"inspection\","
            + "\"cardNo\":\"3100000000000003\",\"safetyStatus\":\"hold\"}");
    send("K1", "service.request", "{\"requestId\":\"r2\",\"kind\":\"inspection\"}");
    send("K1", "service.request", "{\"requestId\":\"r3\",\"kind\":\"sing\"}");

    assertThat(state.residents.serviceRequests).containsOnlyKeys("r1");
    JsonNode r1 = state.residents.serviceRequests.get("r1");
    assertThat(r1.get("kioskId").asText()).isEqualTo("K1");
    assertThat(r1.get("cardNo").asText()).isEqualTo("3100000000000003");
    assertThat(state.rejectedEvents).isEqualTo(2);
  }

  @Test
  void ratings_are_totalled_per_kiosk_and_each_purchase_counts_once() throws Exception {
    send("K1", "feedback", "{\"txnId\":\"t1\",\"rating\":\"good\"}");
    send("K1", "feedback", "{\"txnId\":\"t2\",\"rating\":\"good\"}");
    send("K1", "feedback", "{\"txnId\":\"t3\",\"rating\":\"bad\"}");
    send("K1", "feedback", "{\"txnId\":\"t3\",\"rating\":\"good\"}");
    send("K1", "feedback", "{\"txnId\":\"t4\",\"rating\":\"meh\"}");

    assertThat(state.residents.ratings).containsEntry("good", 2L).containsEntry("bad", 1L);
    assertThat(state.residents.ratingsByKiosk.get("K1")).containsEntry("good", 2L);
    assertThat(state.rejectedEvents).isEqualTo(2);
  }
}
