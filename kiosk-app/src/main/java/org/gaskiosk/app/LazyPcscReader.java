package org.gaskiosk.app;

import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import javax.smartcardio.TerminalFactory;
import org.gaskiosk.core.port.CardOpening;
import org.gaskiosk.core.port.CardReader;
import org.gaskiosk.hw.card.PcscCardReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The card slot through SunPCSC, for a kiosk that may start before PC/SC can answer: SunPCSC's
 * factory cannot even be created while pcscd is down or libpcsclite is missing. Until it can, the
 * slot has no card and {@link #health} says why; the engine thread (the reader's owner) tries again
 * every {@link #RETRY} from its presence checks, so the kiosk heals without a restart once pcscd is
 * back.
 */
final class LazyPcscReader implements CardReader {
  private static final Logger LOG = LoggerFactory.getLogger(LazyPcscReader.class);
  static final Duration RETRY = Duration.ofSeconds(5);

  private final Supplier<TerminalFactory> factories;
  private final Optional<String> readerName;
  private final Clock clock;
  private volatile PcscCardReader reader;
  private volatile String why = "PC/SC not tried yet";
  private long nextTryNanos;

  LazyPcscReader(Supplier<TerminalFactory> factories, Optional<String> readerName, Clock clock) {
    this.factories = factories;
    this.readerName = readerName;
    this.clock = clock;
  }

  /** SunPCSC, asked for explicitly: TerminalFactory.getDefault() hides failures behind "None". */
  static TerminalFactory sunPcsc() {
    try {
      return TerminalFactory.getInstance("PC/SC", null);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(
          "javax.smartcardio cannot reach PC/SC ("
              + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage())
              + "); is pcscd running (systemctl status pcscd.socket) and libpcsclite installed?",
          e);
    }
  }

  /** The real reader once PC/SC answered; tried at most every {@link #RETRY}. Owner thread. */
  private PcscCardReader reader() {
    PcscCardReader r = reader;
    if (r != null) {
      return r;
    }
    long now = System.nanoTime();
    if (now - nextTryNanos < 0) {
      return null;
    }
    nextTryNanos = now + RETRY.toNanos();
    try {
      r = new PcscCardReader(factories.get(), readerName, clock);
      reader = r;
      LOG.info("PC/SC available");
      return r;
    } catch (RuntimeException e) {
      if (!e.getMessage().equals(why)) {
        LOG.error("card reader unavailable: {}", e.getMessage());
      }
      why = e.getMessage();
      return null;
    }
  }

  @Override
  public boolean isCardPresent() {
    PcscCardReader r = reader();
    return r != null && r.isCardPresent();
  }

  @Override
  public boolean awaitPresence(boolean present, Duration timeout) throws InterruptedException {
    PcscCardReader r = reader();
    if (r != null) {
      return r.awaitPresence(present, timeout);
    }
    if (!present) {
      return true;
    }
    Thread.sleep(Math.min(timeout.toMillis(), RETRY.toMillis()));
    return false;
  }

  @Override
  public CardOpening open() {
    PcscCardReader r = reader();
    return r == null ? new CardOpening.Failed("no usable card reader: " + why) : r.open();
  }

  @Override
  public String health() {
    PcscCardReader r = reader;
    return r == null ? "pc/sc unavailable: " + why : r.health();
  }
}
