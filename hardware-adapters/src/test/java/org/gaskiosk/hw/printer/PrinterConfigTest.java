package org.gaskiosk.hw.printer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrinterConfigTest {

  @Test
  void absent_keys_take_the_defaults_and_the_device_key_is_allowed() {
    PrinterConfig c = PrinterConfig.fromSettings(Map.of("printer.device", "/dev/usb/lp0"));
    assertThat(c).isEqualTo(PrinterConfig.defaults("receipt-printer"));
  }

  @Test
  void every_key_is_read() {
    PrinterConfig c =
        PrinterConfig.fromSettings(
            Map.of(
                "printer.name", "front",
                "printer.status-timeout-ms", "250",
                "printer.qr-module-size", "8",
                "printer.chinese-mode", "false",
                "printer.feed-lines", "6",
                "printer.cut", "partial"));
    assertThat(c).isEqualTo(new PrinterConfig("front", Duration.ofMillis(250), 8, false, 6, false));
  }

  @Test
  void a_misspelt_key_is_refused_by_name() {
    assertThatThrownBy(() -> PrinterConfig.fromSettings(Map.of("printer.qr-size", "8")))
        .hasMessageContaining("unknown setting printer.qr-size");
  }

  @Test
  void a_bad_value_is_refused_naming_the_key_and_the_value() {
    assertThatThrownBy(
            () -> PrinterConfig.fromSettings(Map.of("printer.status-timeout-ms", "9000")))
        .hasMessage("printer.status-timeout-ms must be a whole number 20-5000, got 9000");
    assertThatThrownBy(() -> PrinterConfig.fromSettings(Map.of("printer.cut", "half")))
        .hasMessage("printer.cut must be one of full, partial, got \"half\"");
    assertThatThrownBy(() -> PrinterConfig.fromSettings(Map.of("printer.chinese-mode", "yes")))
        .hasMessage("printer.chinese-mode must be true or false, got \"yes\"");
  }
}
