package org.gaskiosk.sim.printer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.gaskiosk.core.port.Receipt;
import org.gaskiosk.core.port.ReceiptPrinter.PrintResult;
import org.gaskiosk.hw.printer.EscPosPrinter;
import org.gaskiosk.hw.printer.PrinterConfig;
import org.gaskiosk.hw.printer.PrinterFault;
import org.gaskiosk.hw.printer.PrinterLink;
import org.gaskiosk.hw.printer.PrinterStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The production ESC/POS adapter printing on the simulated printer, decoded back to text. */
class SimEscPosPrinterTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-01T08:00:00Z"), ZoneOffset.UTC);
  private static final String REF = "K0001-20260301-000042";

  /** Shaped like the engine's purchase receipt (kiosk-core Receipts). */
  private static final Receipt PURCHASE =
      new Receipt(
          "purchase",
          List.of(
              "燃气充值凭条 GAS RECHARGE",
              "终端 Kiosk: K0001",
              "时间 Time: 2026-03-01 16:00:00",
              "卡号 Card: 3100****0001",
              "充值 Loaded: 100.00 CNY",
              "金额 Money: 100.00 CNY",
              "余额 Balance: 350.00 CNY",
              "参考号 Ref: " + REF),
          REF);

  @TempDir Path folder;
  private SimEscPosPrinter sim;
  private EscPosPrinter printer;

  @BeforeEach
  void connect() throws IOException {
    sim = SimEscPosPrinter.open(folder, CLOCK);
    printer = adapterOn(sim);
  }

  @AfterEach
  void disconnect() throws IOException {
    printer.close();
  }

  private static EscPosPrinter adapterOn(SimEscPosPrinter sim) {
    return new EscPosPrinter(
        sim.link("sim-printer"),
        new PrinterConfig("sim-printer", Duration.ofMillis(100), 6, true, 4, true),
        CLOCK);
  }

  @Test
  void a_chinese_receipt_decodes_to_its_lines_its_qr_code_and_a_full_cut() {
    PrintResult result = printer.print(PURCHASE);

    assertThat(result).isEqualTo(PrintResult.ok());
    assertThat(sim.receipts()).hasSize(1);
    SimReceipt printed = sim.receipts().get(0);
    assertThat(printed.lines())
        .containsExactly(
            "燃气充值凭条 GAS RECHARGE",
            "终端 Kiosk: K0001",
            "时间 Time: 2026-03-01 16:00:00",
            "卡号 Card: 3100****0001",
            "充值 Loaded: 100.00 CNY",
            "金额 Money: 100.00 CNY",
            "余额 Balance: 350.00 CNY",
            "参考号 Ref: " + REF,
            "",
            "[QR:" + REF + "]");
    assertThat(printed.qrCodes()).containsExactly(REF);
    assertThat(printed.cut()).isEqualTo("full");
    assertThat(printed.notes()).isEmpty();
    assertThat(printed.number()).isEqualTo(1);
    assertThat(printed.printedAt()).isEqualTo("2026-03-01T08:00:00Z");
  }

  @Test
  void receipts_written_one_byte_at_a_time_decode_the_same() throws IOException {
    printer.print(PURCHASE);
    SimEscPosPrinter other = SimEscPosPrinter.open(folder.resolve("other"), CLOCK);
    byte[] bytes = renderedBytesOf(PURCHASE);

    for (byte b : bytes) {
      other.fromHost().write(b);
    }

    assertThat(other.receipts()).hasSize(1);
    assertThat(other.receipts().get(0).lines()).isEqualTo(sim.receipts().get(0).lines());
  }

  @Test
  void receipts_survive_a_restart_and_numbering_goes_on() throws IOException {
    printer.print(PURCHASE);
    printer.print(new Receipt("pending", List.of("待充值凭条", "已付 Paid: 50.00 CNY"), "P-7"));

    SimEscPosPrinter restarted = SimEscPosPrinter.open(folder, CLOCK);
    try (EscPosPrinter again = adapterOn(restarted)) {
      again.print(new Receipt("purchase", List.of("第三张"), "R-3"));
    }

    assertThat(restarted.receipts()).extracting(SimReceipt::number).containsExactly(1, 2, 3);
    assertThat(restarted.receipts().get(1).text())
        .isEqualTo("待充值凭条\n已付 Paid: 50.00 CNY\n\n[QR:P-7]\nP-7");
    assertThat(restarted.receipts().get(2).qrCodes()).containsExactly("R-3");
  }

  static Stream<Arguments> states() {
    return Stream.of(
        state("paper ok", s -> {}, Set.of(), true),
        state(
            "paper near end",
            s -> s.paper(SimEscPosPrinter.Paper.NEAR_END),
            Set.of(PrinterFault.PAPER_NEAR_END),
            true),
        state(
            "paper out",
            s -> s.paper(SimEscPosPrinter.Paper.OUT),
            Set.of(PrinterFault.PAPER_OUT),
            false),
        state("cover open", s -> s.coverOpen(true), Set.of(PrinterFault.COVER_OPEN), false),
        state("offline", s -> s.offline(true), Set.of(PrinterFault.OFFLINE), false),
        state("error", s -> s.error(true), Set.of(PrinterFault.ERROR), false),
        state("unplugged", s -> s.unplugged(true), Set.of(PrinterFault.NO_ANSWER), false),
        state(
            "cover open and paper out",
            s -> {
              s.coverOpen(true);
              s.paper(SimEscPosPrinter.Paper.OUT);
            },
            Set.of(PrinterFault.COVER_OPEN, PrinterFault.PAPER_OUT),
            false));
  }

  private static Arguments state(
      String name, Consumer<SimEscPosPrinter> knob, Set<PrinterFault> faults, boolean prints) {
    return Arguments.of(name, knob, faults, prints);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("states")
  void the_adapter_reads_each_printer_state_and_prints_only_when_it_can(
      String name, Consumer<SimEscPosPrinter> knob, Set<PrinterFault> faults, boolean prints) {
    knob.accept(sim);

    PrinterStatus status = printer.status();
    PrintResult result = printer.print(PURCHASE);

    assertThat(status.faults()).isEqualTo(faults);
    assertThat(printer.canPrint()).isEqualTo(prints);
    assertThat(result.printed()).isEqualTo(prints);
    assertThat(sim.receipts()).hasSize(prints ? 1 : 0);
    if (!prints) {
      assertThat(result.detail()).contains("sim-printer cannot print");
    }
  }

  @Test
  void a_fault_cleared_on_the_printer_lets_the_next_receipt_print() {
    sim.paper(SimEscPosPrinter.Paper.OUT);
    assertThat(printer.print(PURCHASE).detail()).contains("paper out");

    sim.paper(SimEscPosPrinter.Paper.OK);

    assertThat(printer.print(PURCHASE).printed()).isTrue();
    assertThat(sim.receipts()).hasSize(1);
  }

  @Test
  void bytes_sent_past_the_status_check_while_the_cover_is_open_are_dropped_not_printed()
      throws IOException {
    sim.coverOpen(true);

    sim.fromHost().write(renderedBytesOf(PURCHASE));

    assertThat(sim.receipts()).isEmpty();
    assertThat(sim.dropped()).isPositive();
    assertThat(sim.state()).containsEntry("cover", "open").containsEntry("canPrint", false);
  }

  @Test
  void each_dle_eot_is_answered_with_the_fixed_bits_and_the_state_bits() throws IOException {
    sim.paper(SimEscPosPrinter.Paper.OUT);
    sim.coverOpen(true);

    sim.fromHost().write(new byte[] {0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 4});

    assertThat(sim.toHost().available()).isEqualTo(3);
    assertThat(new int[] {sim.toHost().read(), sim.toHost().read(), sim.toHost().read()})
        .containsExactly(0x1A, 0x36, 0x7E);
  }

  @Test
  void text_in_other_commands_is_stripped_and_an_unknown_command_is_noted() throws IOException {
    Charset gbk = Charset.forName("GBK");
    byte[] title = "燃气".getBytes(gbk);
    var out = sim.fromHost();
    out.write(new byte[] {0x1B, 0x40, 0x1C, 0x26, 0x1B, 0x45, 1, 0x1D, 0x21, 0x11});
    out.write(title);
    out.write(new byte[] {0x0A, 0x1B, 0x7F, 'A', 0x0A, 0x1B, 0x64, 2, 0x1D, 0x56, 0x42, 3});

    SimReceipt r = sim.receipts().get(0);
    assertThat(r.lines()).containsExactly("燃气", "A");
    assertThat(r.cut()).isEqualTo("partial");
    assertThat(r.notes()).singleElement().asString().contains("unknown ESC 7F");
  }

  /** What the adapter sends for a receipt, captured from a printer that says it is ready. */
  private byte[] renderedBytesOf(Receipt receipt) throws IOException {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    SimEscPosPrinter ready = SimEscPosPrinter.open(folder.resolve("render"), CLOCK);
    var tee =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            boolean question = len == 3 && b[off] == 0x10 && b[off + 1] == 0x04;
            if (!question) {
              captured.write(b, off, len);
            }
            ready.fromHost().write(b, off, len);
          }
        };
    try (EscPosPrinter p =
        new EscPosPrinter(
            new PrinterLink("tee", tee, ready.toHost()), PrinterConfig.defaults("tee"), CLOCK)) {
      p.print(receipt);
    }
    return captured.toByteArray();
  }
}
