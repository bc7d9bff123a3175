package org.gaskiosk.hw.printer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.gaskiosk.core.port.Receipt;
import org.gaskiosk.core.port.ReceiptPrinter.PrintResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EscPosPrinterTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-01T08:00:00Z"), ZoneOffset.UTC);
  private static final Receipt RECEIPT =
      new Receipt(
          "purchase",
          List.of("燃气充值凭条 GAS RECHARGE", "充值 Loaded: 100.00 CNY", "参考号 Ref: R20260301-0001"),
          "R20260301-0001");

  private final FakeEscPosDevice device = new FakeEscPosDevice();
  private final PrinterConfig config =
      new PrinterConfig("test-printer", Duration.ofMillis(100), 6, true, 4, true);
  private final EscPosPrinter printer = new EscPosPrinter(device.link(), config, CLOCK);
  private final List<PrinterStatusChange> changes = new ArrayList<>();

  @AfterEach
  void closePrinter() throws Exception {
    printer.close();
  }

  @Test
  void a_ready_printer_prints_the_receipt_in_gbk_with_a_qr_code_and_a_cut() {
    PrintResult result = printer.print(RECEIPT);

    assertThat(result).isEqualTo(PrintResult.ok());
    byte[] bytes = device.printed.toByteArray();
    String hex = HexFormat.of().formatHex(bytes);
    assertThat(hex).startsWith("1b40" + "1c26"); // ESC @, FS &
    assertThat(hex).contains(HexFormat.of().formatHex("燃气充值凭条".getBytes(Charset.forName("GBK"))));
    // GS ( k pL pH 49 80 48 data: the reference stored as the QR symbol, then printed (fn 81).
    String ref = HexFormat.of().formatHex("R20260301-0001".getBytes(Charset.forName("US-ASCII")));
    assertThat(hex).contains("1d286b" + "1100" + "315030" + ref);
    assertThat(hex).contains("1d286b0300315130");
    assertThat(hex).endsWith("1d5630"); // GS V 48: full cut, last
  }

  @Test
  void paper_near_end_still_prints_and_is_raised_to_the_listener() {
    printer.addStatusListener(changes::add);
    device.answers(0x12, 0x12, 0x1E);

    assertThat(printer.canPrint()).isTrue();
    assertThat(printer.print(RECEIPT).printed()).isTrue();
    assertThat(changes).hasSize(1);
    assertThat(changes.get(0).raised()).containsExactly(PrinterFault.PAPER_NEAR_END);
  }

  @Test
  void paper_out_refuses_to_print_and_says_so() {
    device.answers(0x1A, 0x32, 0x7E);

    assertThat(printer.canPrint()).isFalse();
    PrintResult result = printer.print(RECEIPT);

    assertThat(result.printed()).isFalse();
    assertThat(result.detail()).contains("test-printer", "paper out");
    assertThat(device.printed.size()).isZero();
  }

  @Test
  void an_open_cover_refuses_to_print_and_says_so() {
    device.answers(0x1A, 0x16, 0x12);

    assertThat(printer.canPrint()).isFalse();
    assertThat(printer.print(RECEIPT).detail()).contains("cover open");
    assertThat(device.printed.size()).isZero();
  }

  @Test
  void an_offline_printer_refuses_to_print_and_says_so() {
    device.answers(0x1A, 0x12, 0x12);

    assertThat(printer.canPrint()).isFalse();
    assertThat(printer.print(RECEIPT).detail()).contains("offline");
  }

  @Test
  void a_printer_that_does_not_answer_cannot_print_and_the_reason_names_the_timeout() {
    device.silent(true);

    assertThat(printer.canPrint()).isFalse();
    PrintResult result = printer.print(RECEIPT);

    assertThat(result.printed()).isFalse();
    assertThat(result.detail()).contains("no answer to DLE EOT 1", "within 100 ms");
    assertThat(device.printed.size()).isZero();
  }

  @Test
  void a_closed_link_is_no_answer() {
    device.disconnect();

    PrinterStatus status = printer.status();

    assertThat(status.faults()).containsExactly(PrinterFault.NO_ANSWER);
    assertThat(status.detail()).contains("end of stream");
  }

  @Test
  void a_write_failure_is_a_failed_print_naming_how_far_it_got() {
    device.printWritesFail(true);

    PrintResult result = printer.print(RECEIPT);

    assertThat(result.printed()).isFalse();
    assertThat(result.detail())
        .contains("writing receipt R20260301-0001 failed after 0 of", "Input/output error");
  }

  @Test
  void a_link_that_cannot_be_written_cannot_print() {
    device.writesFail(true);

    assertThat(printer.canPrint()).isFalse();
    assertThat(printer.lastStatus().detail()).contains("could not be sent", "Input/output error");
  }

  @Test
  void unasked_bytes_are_not_taken_for_the_answer() {
    printer.status(); // the adapter is listening to the line from here on
    device.sendsUnasked(0xFF);
    device.sendsUnasked(0x1A);
    // Unasked means: arrived before the question. (One arriving after it is indistinguishable from
    // the answer:
    // the hazard StatusChannel documents.)
    org.awaitility.Awaitility.await().until(() -> device.unread() == 0);
    device.answers(0x12, 0x16, 0x12);

    assertThat(printer.status().faults()).containsExactly(PrinterFault.COVER_OPEN);
  }

  @Test
  void a_fault_is_raised_once_and_cleared_once() {
    printer.addStatusListener(changes::add);

    device.answers(0x1A, 0x16, 0x12);
    printer.status();
    printer.status();
    device.answers(0x12, 0x12, 0x12);
    printer.status();

    assertThat(changes).hasSize(2);
    assertThat(changes.get(0).raised()).containsExactly(PrinterFault.COVER_OPEN);
    assertThat(changes.get(1).cleared()).containsExactly(PrinterFault.COVER_OPEN);
    assertThat(printer.lastStatus().faults()).isEmpty();
  }

  @Test
  void a_failing_listener_does_not_stop_the_others() {
    printer.addStatusListener(
        c -> {
          throw new IllegalStateException("listener bug");
        });
    printer.addStatusListener(changes::add);
    device.answers(0x1A, 0x16, 0x12);

    printer.status();

    assertThat(changes).hasSize(1);
  }

  @Test
  void a_reference_that_is_not_ascii_prints_as_text_without_a_qr_code() {
    Receipt receipt = new Receipt("purchase", List.of("燃气充值凭条"), "参考-0001");

    PrintResult result = printer.print(receipt);

    assertThat(result.printed()).isTrue();
    assertThat(result.detail()).contains("without QR code");
    String hex = HexFormat.of().formatHex(device.printed.toByteArray());
    assertThat(hex).doesNotContain("1d286b");
    assertThat(hex).contains(HexFormat.of().formatHex("参考-0001".getBytes(Charset.forName("GBK"))));
  }

  @Test
  void a_receipt_that_cannot_be_rendered_is_a_failed_print_and_sends_nothing() {
    PrintResult result = printer.print(new Receipt("purchase", List.of("燃气"), null));

    assertThat(result.printed()).isFalse();
    assertThat(result.detail()).contains("cannot be rendered");
    assertThat(device.printed.size()).isZero();
    assertThat(device.questions()).isZero();
  }

  @Test
  void each_question_is_dle_eot_1_2_and_4() {
    printer.status();
    assertThat(device.questions()).isEqualTo(3);
  }
}
