package org.gaskiosk.core.uplink;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.List;
import org.gaskiosk.core.domain.CardFamily;
import org.gaskiosk.core.domain.CardSnapshot;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.core.domain.MeterRecord;
import org.gaskiosk.core.domain.Tariff;
import org.gaskiosk.core.domain.Volume;
import org.gaskiosk.core.journal.OutboxEvent;
import org.gaskiosk.core.port.AuthorizeRequest;
import org.gaskiosk.core.port.AuthorizeResult;
import org.gaskiosk.core.port.LoadInit;
import org.gaskiosk.core.port.LookupRequest;
import org.gaskiosk.core.port.LookupResult;
import org.junit.jupiter.api.Test;

class UplinkCodecTest {
  private final UplinkCodec codec = new UplinkCodec();
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  private JsonNode json(String text) {
    return codec.read(text.replace('\'', '"').getBytes(UTF_8));
  }

  @Test
  void an_event_batch_embeds_each_body_as_an_object_and_says_where_it_starts() {
    OutboxEvent e =
        new OutboxEvent(7, "e-7", "cash.accepted", NOW, "{\"txnId\":\"t1\",\"value\":5000}");
    JsonNode n = codec.read(codec.eventBatch("K1", "boot-1", 6, List.of(e)));
    assertThat(n.get("schema").asText()).isEqualTo("events/1");
    assertThat(n.get("kioskId").asText()).isEqualTo("K1");
    assertThat(n.get("bootId").asText()).isEqualTo("boot-1");
    assertThat(n.get("afterSeq").asLong()).isEqualTo(6);
    JsonNode ev = n.get("events").get(0);
    assertThat(ev.get("eventId").asText()).isEqualTo("e-7");
    assertThat(ev.get("seq").asLong()).isEqualTo(7);
    assertThat(ev.get("type").asText()).isEqualTo("cash.accepted");
    assertThat(ev.get("occurredAt").asText()).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(ev.get("body").get("value").asLong()).isEqualTo(5000);
  }

  @Test
  void a_body_that_is_not_a_json_object_still_travels_as_text() {
    OutboxEvent e = new OutboxEvent(1, "e-1", "fault.raised", NOW, "not json");
    JsonNode ev = codec.read(codec.eventBatch("K1", "b", 0, List.of(e))).get("events").get(0);
    assertThat(ev.get("body").isNull()).isTrue();
    assertThat(ev.get("bodyText").asText()).isEqualTo("not json");
  }

  @Test
  void a_lookup_request_carries_the_card_as_read() {
    MeterRecord meter = new MeterRecord(120, true, false, false, false, LocalDate.of(2026, 1, 1));
    CardSnapshot card =
        new CardSnapshot("3100000000000001", CardFamily.PURSE, CardUnit.CENTI_M3, 1500, meter);
    JsonNode n = codec.read(codec.lookupRequest("K1", new LookupRequest("r-1", card), NOW));
    assertThat(n.get("schema").asText()).isEqualTo("card.lookup/1");
    assertThat(n.get("requestId").asText()).isEqualTo("r-1");
    assertThat(n.at("/card/cardNo").asText()).isEqualTo("3100000000000001");
    assertThat(n.at("/card/family").asText()).isEqualTo("purse");
    assertThat(n.at("/card/unit").asText()).isEqualTo("centi-m3");
    assertThat(n.at("/card/balance").asLong()).isEqualTo(1500);
    assertThat(n.at("/card/meter/valveClosed").asBoolean()).isTrue();
    assertThat(n.at("/card/meter/lastUse").asText()).isEqualTo("2026-01-01");
  }

  @Test
  void an_authorize_request_carries_card_bytes_as_hex_and_host_time_to_the_second() {
    LoadInit init =
        new LoadInit(
            0, 3, 1, 0, HexFormat.of().parseHex("11223344"), HexFormat.of().parseHex("a5638aa0"));
    AuthorizeRequest r =
        new AuthorizeRequest(
            "r-2",
            "t-2",
            "3100000000000001",
            4096,
            14131,
            "001122334455",
            init,
            LocalDateTime.of(2011, 12, 21, 21, 48, 22, 999_000_000),
            List.of("pending:t-1"));
    JsonNode n = codec.read(codec.authorizeRequest("K1", r, NOW));
    assertThat(n.get("schema").asText()).isEqualTo("load.authorize/1");
    assertThat(n.get("amount").asLong()).isEqualTo(4096);
    assertThat(n.get("money").asLong()).isEqualTo(14131);
    assertThat(n.at("/init/sequence").asInt()).isEqualTo(3);
    assertThat(n.at("/init/random").asText()).isEqualTo("11223344");
    assertThat(n.at("/init/mac1").asText()).isEqualTo("A5638AA0");
    assertThat(n.get("hostTime").asText()).isEqualTo("2011-12-21T21:48:22");
    assertThat(n.get("orderIds").get(0).asText()).isEqualTo("pending:t-1");
  }

  @Test
  void reads_an_account_with_its_tariff_and_orders() {
    LookupResult r =
        codec.lookupResult(
            json(
                "{'result':'account','account':{'holder':'Z*g','safety':'INSPECTION_DUE',"
                    + "'safetyNotice':'inspect','cycleVolumeCentiM3':24000,'unit':'centi-m3',"
                    + "'tariff':{'version':'2026-01','tiers':[{'upToCentiM3':24700,'fenPerM3':345},"
                    + "{'upToCentiM3':39800,'fenPerM3':414},{'upToCentiM3':null,'fenPerM3':518}]},"
                    + "'orders':[{'orderId':'o1','kind':'online','amount':1000,'money':3450,"
                    + "'description':'app'}],'somethingNew':true}}"));
    assertThat(r).isInstanceOf(LookupResult.Account.class);
    LookupResult.Account a = (LookupResult.Account) r;
    assertThat(a.safety()).isEqualTo(LookupResult.Safety.INSPECTION_DUE);
    assertThat(a.cycleVolume()).isEqualTo(Volume.centiM3(24000));
    assertThat(a.tariff()).isEqualTo(Tariff.example());
    assertThat(a.orders())
        .containsExactly(new LookupResult.Order("o1", "online", 1000, 3450, "app"));
  }

  @Test
  void unknown_and_error_answers_become_values() {
    assertThat(codec.lookupResult(json("{'result':'unknown','message':'no such card'}")))
        .isEqualTo(new LookupResult.Unknown("no such card"));
    assertThat(codec.lookupResult(json("{'result':'error','message':'db down'}")))
        .isInstanceOf(LookupResult.Unreachable.class);
    assertThat(codec.authorizeResult(json("{'result':'refused','code':'safety-hold'}")))
        .isEqualTo(new AuthorizeResult.Refused("safety-hold", ""));
    AuthorizeResult ok = codec.authorizeResult(json("{'result':'authorized','mac2':'FDD12AF1'}"));
    assertThat(((AuthorizeResult.Authorized) ok).mac2())
        .isEqualTo(HexFormat.of().parseHex("FDD12AF1"));
  }

  @Test
  void refuses_what_it_cannot_trust() {
    String account =
        "{'result':'account','account':{'holder':'h','safety':'%s','cycleVolumeCentiM3':%s,"
            + "'tariff':{'version':'v','tiers':[{'upToCentiM3':null,'fenPerM3':345}]}}}";
    assertThatThrownBy(() -> codec.lookupResult(json(String.format(account, "MAYBE", "0"))))
        .isInstanceOf(UplinkCodec.Malformed.class)
        .hasMessageContaining("safety");
    assertThatThrownBy(() -> codec.lookupResult(json(String.format(account, "OK", "1.5"))))
        .isInstanceOf(UplinkCodec.Malformed.class)
        .hasMessageContaining("cycleVolumeCentiM3");
    assertThatThrownBy(() -> codec.authorizeResult(json("{'result':'authorized','mac2':'ABCD'}")))
        .isInstanceOf(UplinkCodec.Malformed.class);
    assertThatThrownBy(() -> codec.authorizeResult(json("{'result':'account'}")))
        .isInstanceOf(UplinkCodec.Malformed.class);
    assertThatThrownBy(() -> codec.read("[1,2]".getBytes(UTF_8)))
        .isInstanceOf(UplinkCodec.Malformed.class);
    assertThatThrownBy(() -> codec.read("{oops".getBytes(UTF_8)))
        .isInstanceOf(UplinkCodec.Malformed.class);
    assertThatThrownBy(() -> codec.ackUpTo("{\"ackUpTo\":-1}".getBytes(UTF_8)))
        .isInstanceOf(UplinkCodec.Malformed.class);
  }
}
