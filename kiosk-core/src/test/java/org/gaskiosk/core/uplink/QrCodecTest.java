package org.gaskiosk.core.uplink;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.gaskiosk.core.port.QrPaidNotice;
import org.gaskiosk.core.port.QrRequest;
import org.gaskiosk.core.port.QrResult;
import org.junit.jupiter.api.Test;

class QrCodecTest {
  private static final Instant NOW = Instant.parse("2026-03-14T07:00:00Z");
  private final UplinkCodec codec = new UplinkCodec();

  private JsonNode json(String text) {
    return codec.read(text.getBytes(UTF_8));
  }

  @Test
  void requests_carry_exactly_the_documented_fields_and_the_charge_never_logs_its_code() {
    QrRequest.Charge charge =
        new QrRequest.Charge("r-20", "t-13", "3100000000000001", "283456789012345678", 5000);
    JsonNode c = codec.read(QrCodec.request("K-1", charge, NOW));
    assertThat(c.get("schema").asText()).isEqualTo("qr.charge/1");
    assertThat(c.get("txnId").asText()).isEqualTo("t-13");
    assertThat(c.get("code").asText()).isEqualTo("283456789012345678");
    assertThat(c.get("money").asLong()).isEqualTo(5000);
    assertThat(QrCodec.op(charge)).isEqualTo("qr.charge");
    assertThat(charge.toString()).doesNotContain("283456789012345678").contains("2834");

    JsonNode cancel =
        codec.read(QrCodec.request("K-1", new QrRequest.Cancel("r-22", "t-15", "timed out"), NOW));
    assertThat(cancel.get("schema").asText()).isEqualTo("qr.cancel/1");
    assertThat(cancel.get("reason").asText()).isEqualTo("timed out");
  }

  @Test
  void every_result_reads_as_its_value() {
    assertThat(
            QrCodec.result(
                json("{\"result\":\"paid\",\"paymentId\":\"pay-1\",\"money\":5000,\"extra\":1}")))
        .isEqualTo(new QrResult.Paid("pay-1", 5000));
    assertThat(QrCodec.result(json("{\"result\":\"confirming\"}")))
        .isInstanceOf(QrResult.Confirming.class);
    assertThat(QrCodec.result(json("{\"result\":\"declined\",\"code\":\"invalid-code\"}")))
        .isEqualTo(new QrResult.Declined("invalid-code", "declined"));
    assertThat(
            QrCodec.result(
                json(
                    "{\"result\":\"created\",\"payload\":\"https://p.example/q/1\","
                        + "\"expiresAt\":\"2026-03-14T07:02:00Z\"}")))
        .isEqualTo(
            new QrResult.Created("https://p.example/q/1", Instant.parse("2026-03-14T07:02:00Z")));
    assertThat(QrCodec.result(json("{\"result\":\"cancelled\"}")))
        .isInstanceOf(QrResult.Cancelled.class);
    assertThat(QrCodec.result(json("{\"result\":\"error\",\"message\":\"busy\"}")))
        .isInstanceOf(QrResult.Unreachable.class);
  }

  @Test
  void answers_that_cannot_be_trusted_are_malformed() {
    for (String bad :
        new String[] {
          "{\"result\":\"paid\",\"paymentId\":\"p\",\"money\":50.5}",
          "{\"result\":\"paid\",\"paymentId\":\"p\",\"money\":0}",
          "{\"result\":\"paid\",\"money\":100}",
          "{\"result\":\"created\",\"payload\":\"\"}",
          "{\"result\":\"created\",\"payload\":\"line\\nbreak\"}",
          "{\"result\":\"created\",\"payload\":\"ok\",\"expiresAt\":\"tomorrow\"}",
          "{\"result\":\"maybe\"}",
          "{}"
        }) {
      assertThatThrownBy(() -> QrCodec.result(json(bad)))
          .as(bad)
          .isInstanceOf(UplinkCodec.Malformed.class);
    }
  }

  @Test
  void a_paid_notice_reads_and_a_foreign_schema_is_refused() {
    assertThat(
            QrCodec.paidNotice(
                json(
                    "{\"schema\":\"qr.paid/1\",\"txnId\":\"t\",\"paymentId\":\"p\",\"money\":300}")))
        .isEqualTo(new QrPaidNotice("t", "p", 300));
    assertThatThrownBy(
            () ->
                QrCodec.paidNotice(
                    json(
                        "{\"schema\":\"qr.paid/2\",\"txnId\":\"t\",\"paymentId\":\"p\","
                            + "\"money\":300}")))
        .isInstanceOf(UplinkCodec.Malformed.class);
  }
}
