package org.gaskiosk.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.gaskiosk.core.port.Indicators.Mode;
import org.gaskiosk.core.port.Receipt;
import org.gaskiosk.hw.gpio.GpioConfig;
import org.gaskiosk.hw.gpio.GpioInputs;
import org.gaskiosk.hw.printer.EscPosPrinter;
import org.gaskiosk.hw.printer.PrinterConfig;
import org.gaskiosk.sim.bill.BillStation;
import org.gaskiosk.sim.bill.Id003Device;
import org.gaskiosk.sim.broker.NetworkSwitch;
import org.gaskiosk.sim.card.IssuerKeys;
import org.gaskiosk.sim.card.SimCardSlot;
import org.gaskiosk.sim.devices.SimBillAcceptor;
import org.gaskiosk.sim.gpio.SimGpio;
import org.gaskiosk.sim.printer.SimEscPosPrinter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kiosk body's part of the simulator control API: printer knobs, receipts, door, lights. */
class SimControlApiBodyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path data;
  private SimEscPosPrinter simPrinter;
  private EscPosPrinter printer;
  private SimGpio gpio;
  private SimControlApi api;

  @BeforeEach
  void start() throws IOException {
    simPrinter = SimEscPosPrinter.open(data.resolve("receipts"), Clock.systemUTC());
    printer =
        new EscPosPrinter(
            simPrinter.link("sim"),
            new PrinterConfig("sim", Duration.ofMillis(100), 6, true, 4, true),
            Clock.systemUTC());
    SimCardSlot slot = SimCardSlot.open(data.resolve("cards"), IssuerKeys.generate(new Random(7)));
    gpio = SimGpio.start(GpioConfig.typicalWiring(), Clock.systemUTC());
    api =
        new SimControlApi(
                slot,
                new BillStation(new Id003Device(), new SimBillAcceptor()),
                simPrinter,
                new NoCentral(),
                gpio,
                new NetworkSwitch())
            .start(0);
  }

  @AfterEach
  void stop() throws IOException {
    api.close();
    printer.close();
    gpio.close();
  }

  @Test
  void get_receipts_lists_each_printed_receipt_with_its_text_and_qr_code() throws Exception {
    printer.print(new Receipt("purchase", List.of("燃气充值凭条", "充值 Loaded: 10.00 CNY"), "R-1"));

    JsonNode receipts = get("/sim/receipts");

    assertThat(receipts).hasSize(1);
    assertThat(receipts.get(0).get("text").asText())
        .isEqualTo("燃气充值凭条\n充值 Loaded: 10.00 CNY\n\n[QR:R-1]\nR-1");
    assertThat(receipts.get(0).get("qrCodes").get(0).asText()).isEqualTo("R-1");
    assertThat(receipts.get(0).get("cut").asText()).isEqualTo("full");
  }

  @Test
  void post_printer_sets_the_knobs_the_adapter_then_reads() throws Exception {
    HttpResponse<String> r = post("/sim/printer", "{\"paper\":\"near-end\",\"cover\":\"open\"}");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode state = JSON.readTree(r.body());
    assertThat(state.get("paper").asText()).isEqualTo("near-end");
    assertThat(state.get("cover").asText()).isEqualTo("open");
    assertThat(printer.canPrint()).isFalse();

    post("/sim/printer", "{\"cover\":\"closed\"}");
    assertThat(printer.canPrint()).isTrue();
    assertThat(get("/sim/printer").get("canPrint").asBoolean()).isTrue();
  }

  @Test
  void a_bad_printer_knob_is_refused_and_changes_nothing() throws Exception {
    HttpResponse<String> r = post("/sim/printer", "{\"paper\":\"out\",\"cover\":\"ajar\"}");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).get("message").asText()).contains("cover");
    assertThat(simPrinter.paper()).isEqualTo(SimEscPosPrinter.Paper.OK);
  }

  @Test
  void post_door_opens_the_cash_box_door_and_the_adapter_reports_it() throws Exception {
    gpio.indicators().mode(Mode.BUSY);

    HttpResponse<String> r = post("/sim/door", "{\"open\":true}");

    assertThat(r.statusCode()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(2))
        .until(
            () -> gpio.inputs().state(GpioInputs.Switch.CASH_BOX_DOOR),
            s -> s == GpioInputs.SwitchState.OPEN);
    JsonNode state = get("/sim/gpio");
    assertThat(state.get("cashBoxDoor").asText()).isEqualTo("open");
    assertThat(state.get("cabinetTamper").asText()).isEqualTo("closed");
    assertThat(state.get("amberLed").asBoolean()).isTrue();
    assertThat(state.get("greenLed").asBoolean()).isFalse();
  }

  @Test
  void a_door_body_without_open_is_refused() throws Exception {
    HttpResponse<String> r = post("/sim/door", "{\"closed\":true}");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("unexpected field");
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + api.port() + path);
  }

  /** The central simulator is not part of these tests. */
  private static final class NoCentral implements CentralControl {
    @Override
    public Map<String, Object> ledger() {
      return Map.of();
    }

    @Override
    public Object accounts() {
      return List.of();
    }

    @Override
    public Object settlements() {
      return List.of();
    }

    @Override
    public Object meterAlerts() {
      return List.of();
    }

    @Override
    public void setSafety(String cardNo, String safety, String notice) {}

    @Override
    public Object serviceRequests() {
      return Map.of();
    }

    @Override
    public Object feedback() {
      return Map.of();
    }

    @Override
    public String createOrder(String cardNo, long amount, long money) {
      return "none";
    }

    @Override
    public Object fleet() {
      return Map.of("kiosks", List.of());
    }

    @Override
    public String sendCommand(
        String kioskId,
        String name,
        com.fasterxml.jackson.databind.JsonNode args,
        java.time.Duration validity) {
      throw new IllegalArgumentException("no central in this test");
    }

    @Override
    public Map<String, Object> logs(String kioskId) {
      return Map.of();
    }

    @Override
    public void pushConfig(
        String kioskId, long version, com.fasterxml.jackson.databind.JsonNode config) {
      throw new IllegalArgumentException("no central in this test");
    }
  }
}
