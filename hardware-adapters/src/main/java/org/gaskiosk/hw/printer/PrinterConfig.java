package org.gaskiosk.hw.printer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.gaskiosk.hw.config.Settings;

/**
 * How the kiosk drives its ESC/POS printer (docs/devices.md, "Receipt printer").
 *
 * @param name the printer's name in logs and failure reasons
 * @param statusTimeout how long to wait for each DLE EOT answer before calling the printer silent
 * @param qrModuleSize QR module size in dots (GS ( k function 167), 1-16
 * @param chineseMode send FS &amp; after ESC @ so printers that start in single-byte mode print the
 *     GBK text as Chinese (printers already in GBK mode ignore it)
 * @param feedLinesBeforeCut lines fed after the last line so the cut falls below it
 * @param fullCut full cut (GS V 48) rather than partial (GS V 49)
 */
public record PrinterConfig(
    String name,
    Duration statusTimeout,
    int qrModuleSize,
    boolean chineseMode,
    int feedLinesBeforeCut,
    boolean fullCut) {

  static final String PREFIX = "printer.";

  /** Read by the composition root to open the link; listed so it is not refused as unknown. */
  public static final String DEVICE_KEY = "printer.device";

  public PrinterConfig {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("printer.name must not be blank");
    }
    if (statusTimeout.isNegative()
        || statusTimeout.compareTo(Duration.ofMillis(20)) < 0
        || statusTimeout.compareTo(Duration.ofSeconds(5)) > 0) {
      throw new IllegalArgumentException(
          "printer.status-timeout-ms must be 20-5000, got " + statusTimeout.toMillis());
    }
    if (qrModuleSize < 1 || qrModuleSize > 16) {
      throw new IllegalArgumentException(
          "printer.qr-module-size must be 1-16 dots, got " + qrModuleSize);
    }
    if (feedLinesBeforeCut < 1 || feedLinesBeforeCut > 20) {
      throw new IllegalArgumentException(
          "printer.feed-lines must be 1-20, got " + feedLinesBeforeCut);
    }
  }

  /** An 80 mm kiosk printer in GBK mode answering within 500 ms. */
  public static PrinterConfig defaults(String name) {
    return new PrinterConfig(name, Duration.ofMillis(500), 6, true, 4, true);
  }

  /** Reads the {@code printer.*} keys; absent keys take the {@link #defaults} values. */
  public static PrinterConfig fromSettings(Map<String, String> values) {
    Settings s = Settings.of(values);
    s.rejectUnknown(
        PREFIX,
        Set.of(
            DEVICE_KEY,
            "printer.name",
            "printer.status-timeout-ms",
            "printer.qr-module-size",
            "printer.chinese-mode",
            "printer.feed-lines",
            "printer.cut"));
    return new PrinterConfig(
        s.text("printer.name", "receipt-printer"),
        s.millis("printer.status-timeout-ms", 500, 20, 5000),
        s.integer("printer.qr-module-size", 6, 1, 16),
        s.bool("printer.chinese-mode", true),
        s.integer("printer.feed-lines", 4, 1, 20),
        s.choice("printer.cut", List.of("full", "partial")).equals("full"));
  }
}
