package org.gaskiosk.hw.printer;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gaskiosk.core.port.Receipt;
import org.gaskiosk.core.port.ReceiptPrinter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receipt printer over ESC/POS (devices.md, "ESC/POS receipt printer"): receipts are rendered
 * by escpos-coffee and written to the link; the printer's state is read back with DLE EOT 1, 2 and
 * 4, each answer awaited for at most {@link PrinterConfig#statusTimeout()}.
 *
 * <p>Every print and every {@link #canPrint()} asks the printer first, so a receipt is never sent
 * to a printer that said it cannot print it. Faults are values: a failed print is a {@link
 * PrintResult#failed} naming the printer and the reason, and every change in the set of faults is
 * told to the {@link PrinterStatusListener}s so the caller can raise and clear them. Call {@link
 * #status()} periodically (every few seconds) to notice a fault between customers.
 *
 * <p>Known limit: printers buffer what they receive, so a paper end in the middle of a receipt is
 * seen by the next status check, not by the print that caused it; that print reports success.
 *
 * <p>Thread-safe: questions and prints share one lock, so the bytes on the wire never interleave.
 * This object owns the link from construction and closes it in {@link #close()}.
 */
public final class EscPosPrinter implements ReceiptPrinter, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EscPosPrinter.class);
  private static final int CHUNK = 512;

  private final PrinterLink link;
  private final PrinterConfig config;
  private final Clock clock;
  private final ReceiptRenderer renderer;
  private final StatusChannel channel;
  private final List<PrinterStatusListener> listeners = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();
  private PrinterStatus last;

  /**
   * Starts no thread and sends nothing: the status reader starts at the first question.
   *
   * @param link the open wire to the printer; owned by this object from now on
   * @param config timeouts and rendering choices
   * @param clock when statuses were taken
   */
  public EscPosPrinter(PrinterLink link, PrinterConfig config, Clock clock) {
    this.link = Objects.requireNonNull(link, "link");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.renderer = new ReceiptRenderer(config);
    this.channel = new StatusChannel(config.name(), link.toPrinter(), link.fromPrinter());
    this.last = new PrinterStatus(Set.of(), "not asked yet", clock.instant());
  }

  public void addStatusListener(PrinterStatusListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Asks the printer now; tells the listeners if the faults changed. */
  public PrinterStatus status() {
    synchronized (lock) {
      return askLocked().after();
    }
  }

  /** The status from the last question, without asking again. */
  public PrinterStatus lastStatus() {
    synchronized (lock) {
      return last;
    }
  }

  /** False on paper out, cover open, offline, error, or no answer; true on paper near end. */
  @Override
  public boolean canPrint() {
    return status().canPrint();
  }

  @Override
  public PrintResult print(Receipt receipt) {
    ReceiptRenderer.Rendered rendered;
    try {
      rendered = renderer.render(receipt);
    } catch (RuntimeException e) {
      // GBK lives in module jdk.charsets: a trimmed runtime image without it cannot render.
      LOG.error("receipt {} cannot be rendered", receipt.reference(), e);
      return PrintResult.failed(
          "printer "
              + config.name()
              + ": receipt "
              + receipt.reference()
              + " cannot be rendered: "
              + e);
    }
    PrintResult result;
    synchronized (lock) {
      PrinterStatus now = askLocked().after();
      if (!now.canPrint()) {
        result =
            PrintResult.failed(
                "printer "
                    + config.name()
                    + " cannot print: "
                    + now.describe()
                    + " ("
                    + now.detail()
                    + ")");
      } else {
        result = write(receipt, rendered);
      }
    }
    if (result.printed()) {
      LOG.info(
          "receipt {} ({}) sent to printer {}", receipt.reference(), receipt.kind(), config.name());
    } else {
      LOG.warn(
          "receipt {} ({}) not printed: {}", receipt.reference(), receipt.kind(), result.detail());
    }
    return result;
  }

  private PrintResult write(Receipt receipt, ReceiptRenderer.Rendered rendered) {
    byte[] bytes = rendered.bytes();
    OutputStream out = link.toPrinter();
    int sent = 0;
    try {
      while (sent < bytes.length) {
        int n = Math.min(CHUNK, bytes.length - sent);
        out.write(bytes, sent, n);
        sent += n;
      }
      out.flush();
    } catch (IOException e) {
      return PrintResult.failed(
          "printer "
              + config.name()
              + ": writing receipt "
              + receipt.reference()
              + " failed after "
              + sent
              + " of "
              + bytes.length
              + " bytes: "
              + e.getMessage());
    }
    if (!rendered.withQr()) {
      return new PrintResult(
          true, "printed without QR code: the reference is not short printable ASCII");
    }
    return PrintResult.ok();
  }

  private PrinterStatusChange askLocked() {
    PrinterStatus now = ask();
    PrinterStatusChange change = new PrinterStatusChange(last, now);
    last = now;
    // Told under the lock, so listeners see the changes in the order they happened.
    notifyListeners(change);
    return change;
  }

  private PrinterStatus ask() {
    int[] answers = new int[3];
    int[] questions = {1, 2, 4};
    for (int i = 0; i < questions.length; i++) {
      StatusChannel.Reply reply = channel.ask(questions[i], config.statusTimeout());
      if (reply.status().isEmpty()) {
        return PrinterStatus.noAnswer(reply.problem(), clock.instant());
      }
      answers[i] = reply.status().getAsInt();
    }
    return PrinterStatus.fromStatusBytes(answers[0], answers[1], answers[2], clock.instant());
  }

  private void notifyListeners(PrinterStatusChange change) {
    if (change.raised().isEmpty() && change.cleared().isEmpty()) {
      return;
    }
    LOG.info(
        "printer {}: raised {}, cleared {} ({})",
        config.name(),
        change.raised(),
        change.cleared(),
        change.after().detail());
    for (PrinterStatusListener l : listeners) {
      try {
        l.changed(change);
      } catch (RuntimeException e) {
        LOG.error("printer {}: a status listener failed", config.name(), e);
      }
    }
  }

  /** Stops the status reader and closes the link. */
  @Override
  public void close() throws IOException {
    channel.close();
    link.close();
  }
}
