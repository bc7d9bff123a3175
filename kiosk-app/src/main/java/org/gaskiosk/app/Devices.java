package org.gaskiosk.app;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.gaskiosk.core.port.CardReader;
import org.gaskiosk.core.port.CodeScanner;
import org.gaskiosk.core.port.Indicators;
import org.gaskiosk.core.port.ReceiptPrinter;
import org.gaskiosk.hw.bill.id003.Id003Link;

/**
 * The kiosk body as the controller uses it: the real adapters on a Pi ({@link RealDevices}),
 * simulated ones in tests. Any of them may be absent at start-up; they then report it through their
 * health and the controller runs degraded instead of failing.
 *
 * @param reader the card slot (the engine thread owns it)
 * @param acceptorLink opens the ID003 acceptor's serial link (again after it was lost)
 * @param printer the receipt printer
 * @param printerHealth "ok" or why the printer cannot print (asked off the engine thread)
 * @param scanner the QR payment-code scanner (USB CDC serial), for the {@code qr-scan} method
 * @param indicators LEDs, buzzer and card-slot light; put into their shutdown state last
 * @param resources closed in reverse order when the controller stops
 */
public record Devices(
    CardReader reader,
    Id003Link.Opener acceptorLink,
    ReceiptPrinter printer,
    Supplier<String> printerHealth,
    CodeScanner scanner,
    Indicators indicators,
    List<AutoCloseable> resources) {

  public Devices {
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(acceptorLink, "acceptorLink");
    Objects.requireNonNull(printer, "printer");
    Objects.requireNonNull(printerHealth, "printerHealth");
    Objects.requireNonNull(scanner, "scanner");
    Objects.requireNonNull(indicators, "indicators");
    resources = List.copyOf(resources);
  }
}
