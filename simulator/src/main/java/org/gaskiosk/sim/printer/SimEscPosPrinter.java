package org.gaskiosk.sim.printer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gaskiosk.hw.printer.PrinterLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated ESC/POS receipt printer at the far end of the production adapter's link: it decodes
 * the bytes it is sent into receipts (text in GBK, QR payloads, cuts), answers DLE EOT 1-4 with the
 * status bits of devices.md for its knobs, and keeps every receipt in a folder.
 *
 * <p>Knobs: {@link #paper(Paper)}, {@link #coverOpen(boolean)}, {@link #offline(boolean)}, {@link
 * #error(boolean)}, {@link #unplugged(boolean)}. While the printer cannot print (paper out, cover
 * open, offline, error) it still answers status requests, as real printers do, but prints nothing:
 * what it is sent then is dropped and counted ({@link #dropped()}), not held until the fault clears
 * (a simplification; a real printer keeps its receive buffer). Unplugged, it neither answers nor
 * prints.
 */
public final class SimEscPosPrinter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SimEscPosPrinter.class);

  /** The roll, as the paper sensors see it. */
  public enum Paper {
    OK,
    NEAR_END,
    OUT;

    /** "ok", "near-end", "out" (the control API's words). */
    public static Paper parse(String word) {
      return switch (word) {
        case "ok" -> OK;
        case "near-end" -> NEAR_END;
        case "out" -> OUT;
        default -> throw new IllegalArgumentException("paper must be ok, near-end or out");
      };
    }

    public String word() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  private final Clock clock;
  private final ReceiptStore store;
  private final List<SimReceipt> receipts;
  private final ReceiptAssembler paperSoFar = new ReceiptAssembler();
  private final EscPosDecoder decoder;
  private final ReplyStream replies = new ReplyStream();
  private final OutputStream fromHost;
  private Paper paper = Paper.OK;
  private boolean coverOpen;
  private boolean offline;
  private boolean error;
  private boolean unplugged;
  private long dropped;

  private SimEscPosPrinter(Path folder, Clock clock) throws IOException {
    this.clock = clock;
    this.store = new ReceiptStore(folder);
    this.receipts = new ArrayList<>(store.loadAll());
    this.decoder = new EscPosDecoder(new Printing());
    this.fromHost =
        new OutputStream() {
          @Override
          public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            receive(b, off, len);
          }
        };
  }

  /**
   * A printer with paper, cover closed, online, whose receipts live in {@code folder} (those
   * already there are kept and numbering continues after them).
   */
  public static SimEscPosPrinter open(Path folder, Clock clock) throws IOException {
    SimEscPosPrinter printer = new SimEscPosPrinter(folder, clock);
    LOG.info("simulated printer: {} receipts kept in {}", printer.receipts.size(), folder);
    return printer;
  }

  /** Where the host writes ESC/POS. */
  public OutputStream fromHost() {
    return fromHost;
  }

  /** Where the host reads the printer's answers. */
  public InputStream toHost() {
    return replies;
  }

  /** Both directions, for the production {@code EscPosPrinter}. */
  public PrinterLink link(String name) {
    return new PrinterLink(name, fromHost, replies);
  }

  private synchronized void receive(byte[] b, int off, int len) {
    if (unplugged) {
      dropped += len;
      return;
    }
    decoder.feed(b, off, len);
  }

  /** Prints only while the printer could print; the statuses are answered regardless. */
  private final class Printing implements EscPosDecoder.Sink {
    @Override
    public void text(byte b) {
      if (printing()) {
        paperSoFar.text(b);
      }
    }

    @Override
    public void lineFeed() {
      if (printing()) {
        paperSoFar.lineFeed();
      }
    }

    @Override
    public void initialize() {
      paperSoFar.initialize();
    }

    @Override
    public void qrCode(byte[] payload) {
      if (printing()) {
        paperSoFar.qrCode(payload);
      }
    }

    @Override
    public void cut(boolean full) {
      if (printing() && !paperSoFar.isBlank()) {
        keep(paperSoFar.cut(receipts.size() + 1, clock.instant().toString(), full));
      }
    }

    @Override
    public void statusRequest(int n) {
      Integer answer = statusByte(n);
      if (answer != null) {
        replies.send(answer);
      }
    }

    @Override
    public void note(String what) {
      LOG.warn("simulated printer: {}", what);
      paperSoFar.note(what);
    }

    private boolean printing() {
      if (canPrint()) {
        return true;
      }
      dropped++;
      return false;
    }
  }

  private void keep(SimReceipt receipt) {
    receipts.add(receipt);
    try {
      store.save(receipt);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep simulated receipt " + receipt.number(), e);
    }
    LOG.info("simulated printer: receipt {} printed, QR {}", receipt.number(), receipt.qrCodes());
  }

  /**
   * The answer to DLE EOT n: bits 1 and 4 always set; n=1 bit 3 offline; n=2 bit 2 cover open, bit
   * 5 stopped by paper end, bit 6 error; n=3 bit 6 recoverable error; n=4 bits 2-3 near end, bits
   * 5-6 paper end. Null for an n printers do not answer.
   */
  synchronized Integer statusByte(int n) {
    int b = 0x12;
    switch (n) {
      case 1 -> b |= canPrint() ? 0 : 0x08;
      case 2 -> {
        b |= coverOpen ? 0x04 : 0;
        b |= paper == Paper.OUT ? 0x20 : 0;
        b |= error ? 0x40 : 0;
      }
      case 3 -> b |= error ? 0x40 : 0;
      case 4 -> {
        b |= paper != Paper.OK ? 0x0C : 0; // an empty roll is also near its end
        b |= paper == Paper.OUT ? 0x60 : 0;
      }
      default -> {
        return null;
      }
    }
    return b;
  }

  private boolean canPrint() {
    return !unplugged && !offline && !coverOpen && !error && paper != Paper.OUT;
  }

  public synchronized void paper(Paper paper) {
    this.paper = paper;
  }

  public synchronized Paper paper() {
    return paper;
  }

  public synchronized void coverOpen(boolean open) {
    this.coverOpen = open;
  }

  public synchronized void offline(boolean offline) {
    this.offline = offline;
  }

  /** An error such as a cutter jam: the printer stops and says so in DLE EOT 2 bit 6. */
  public synchronized void error(boolean error) {
    this.error = error;
  }

  /** Cable pulled: nothing is answered, nothing printed. */
  public synchronized void unplugged(boolean unplugged) {
    this.unplugged = unplugged;
  }

  /** Every receipt printed, oldest first, including those kept from earlier runs. */
  public synchronized List<SimReceipt> receipts() {
    return List.copyOf(receipts);
  }

  /** The knobs and counters, for the control API. */
  public synchronized Map<String, Object> state() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("paper", paper.word());
    s.put("cover", coverOpen ? "open" : "closed");
    s.put("offline", offline);
    s.put("error", error);
    s.put("unplugged", unplugged);
    s.put("canPrint", canPrint());
    s.put("receipts", receipts.size());
    s.put("dropped", dropped);
    return s;
  }

  /**
   * What the printer could not print: text bytes and print commands (line feeds, QR codes, cuts)
   * that came while it could not print, and every byte sent while it was unplugged.
   */
  public synchronized long dropped() {
    return dropped;
  }

  /** Ends the host's reads with end of stream. */
  @Override
  public void close() {
    replies.close();
  }
}
