package org.gaskiosk.core.uplink;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.gaskiosk.core.port.CardServiceRequest;
import org.gaskiosk.core.port.CardServiceResult;
import org.gaskiosk.core.port.CardServiceResult.Service;
import org.gaskiosk.core.port.CardServiceResult.Step;
import org.junit.jupiter.api.Test;

class CardServiceCodecTest {
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
  private static final HexFormat HEX = HexFormat.of().withUpperCase();
  private static final String SERVICE =
      "{'result':'service','oldPsc':'FFFFFF','newPsc':'%s','expectedPurchaseCount':4,'steps':["
          + "{'what':'backup','address':54,'data':'000005DC'},"
          + "{'what':'gas','address':50,'data':'000005DC'},"
          + "{'what':'psc','data':'%s'},"
          + "{'what':'count','address':%s,'data':'0004'}]}";
  private final UplinkCodec codec = new UplinkCodec();

  private JsonNode json(String text) {
    return codec.read(text.replace('\'', '"').getBytes(UTF_8));
  }

  @Test
  void a_card_service_request_carries_the_raw_image_as_hex() {
    byte[] image = new byte[256];
    image[0x20] = (byte) 0xDD;
    JsonNode n =
        codec.read(
            codec.cardServiceRequest(
                "K1",
                new CardServiceRequest("r1", "t1", "4200000000000004", 1500, 5175, image),
                NOW));

    assertThat(n.get("schema").asText()).isEqualTo("card.service/1");
    assertThat(n.get("requestId").asText()).isEqualTo("r1");
    assertThat(n.get("txnId").asText()).isEqualTo("t1");
    assertThat(n.get("cardNo").asText()).isEqualTo("4200000000000004");
    assertThat(n.get("amount").asLong()).isEqualTo(1500);
    assertThat(n.get("money").asLong()).isEqualTo(5175);
    assertThat(HEX.parseHex(n.get("image").asText())).isEqualTo(image);
  }

  @Test
  void a_service_answer_becomes_the_steps_in_order_with_both_pscs() {
    Service s =
        (Service) codec.cardServiceResult(json(String.format(SERVICE, "A1B2C3", "A1B2C3", "48")));

    assertThat(s.oldPsc()).isEqualTo(HEX.parseHex("FFFFFF"));
    assertThat(s.newPsc()).isEqualTo(HEX.parseHex("A1B2C3"));
    assertThat(s.expectedPurchaseCount()).isEqualTo(4);
    assertThat(s.steps()).extracting(Step::what).containsExactly("backup", "gas", "psc", "count");
    assertThat(s.steps()).extracting(Step::changesPsc).containsExactly(false, false, true, false);
    assertThat(s.steps().get(3).address()).isEqualTo(0x30);
  }

  @Test
  void refusals_and_errors_become_values() {
    assertThat(codec.cardServiceResult(json("{'result':'refused','code':'psc-uncertain'}")))
        .isEqualTo(new CardServiceResult.Refused("psc-uncertain", ""));
    assertThat(codec.cardServiceResult(json("{'result':'error','message':'db'}")))
        .isInstanceOf(CardServiceResult.Unreachable.class);
  }

  @Test
  void refuses_a_short_psc_a_write_into_the_issuer_area_and_an_unknown_step() {
    assertThatThrownBy(
            () -> codec.cardServiceResult(json(String.format(SERVICE, "A1B2", "A1B2C3", "48"))))
        .isInstanceOf(UplinkCodec.Malformed.class);
    assertThatThrownBy(
            () -> codec.cardServiceResult(json(String.format(SERVICE, "A1B2C3", "A1B2C3", "16"))))
        .isInstanceOf(UplinkCodec.Malformed.class)
        .hasMessageContaining("user area");
    assertThatThrownBy(
            () ->
                codec.cardServiceResult(
                    json(
                        "{'result':'service','oldPsc':'FFFFFF','newPsc':'A1B2C3',"
                            + "'expectedPurchaseCount':4,'steps':[{'what':'erase','address':50,"
                            + "'data':'00'}]}")))
        .isInstanceOf(UplinkCodec.Malformed.class);
    assertThatThrownBy(
            () ->
                codec.cardServiceResult(
                    json(
                        "{'result':'service','oldPsc':'FFFFFF','newPsc':'A1B2C3',"
                            + "'expectedPurchaseCount':4,'steps':[]}")))
        .isInstanceOf(UplinkCodec.Malformed.class);
  }

  private static String withCandidates(String candidates) {
    String base = String.format(SERVICE, "A1B2C3", "A1B2C3", "48");
    return base.substring(0, base.length() - 1) + ",'pscCandidates':" + candidates + "}";
  }

  @Test
  void a_request_carries_the_orders_it_picks_up() {
    JsonNode n =
        codec.read(
            codec.cardServiceRequest(
                "K1",
                new CardServiceRequest(
                    "r1",
                    "t1",
                    "4200000000000004",
                    1500,
                    5175,
                    new byte[256],
                    List.of("pending:t0")),
                NOW));

    assertThat(n.get("orderIds").get(0).asText()).isEqualTo("pending:t0");
  }

  @Test
  void two_candidate_pscs_are_presented_new_first_and_without_them_only_the_old_one() {
    Service plain =
        (Service) codec.cardServiceResult(json(String.format(SERVICE, "A1B2C3", "A1B2C3", "48")));
    Service uncertain =
        (Service) codec.cardServiceResult(json(withCandidates("['A1B2C3','FFFFFF']")));

    assertThat(plain.pscsToPresent()).containsExactly(HEX.parseHex("FFFFFF"));
    assertThat(uncertain.pscsToPresent())
        .containsExactly(HEX.parseHex("A1B2C3"), HEX.parseHex("FFFFFF"));
  }

  @Test
  void candidates_other_than_another_psc_then_the_old_one_are_malformed() {
    for (String bad :
        new String[] {
          "['A1B2C3']",
          "['A1B2C3','FFFFFF','123456']",
          "['FFFFFF','FFFFFF']",
          "['FFFFFF','A1B2C3']",
          "['A1B2','FFFFFF']",
          "['ZZZZZZ','FFFFFF']",
          "'A1B2C3'"
        }) {
      assertThatThrownBy(() -> codec.cardServiceResult(json(withCandidates(bad))))
          .as(bad)
          .isInstanceOf(UplinkCodec.Malformed.class);
    }
  }
}
