package org.gaskiosk.hw.card;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.TerminalFactory;
import org.gaskiosk.core.port.CardOpening;
import org.gaskiosk.core.port.CardOpening.RefusalReason;
import org.gaskiosk.core.port.CardReader;
import org.gaskiosk.core.port.CardResult;
import org.gaskiosk.core.port.MemoryCardSession;
import org.gaskiosk.hw.card.pboc.Hex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production card slot over javax.smartcardio, for PBOC-style purse cards of this utility (see
 * docs/card-profile.md). The {@link TerminalFactory} is injected: SunPCSC in production, the
 * simulator's provider in the demo; {@code TerminalFactory.getDefault()} is never used.
 *
 * <p>Run the JVM with {@code -Dsun.security.smartcardio.t0GetResponse=false}: this class answers
 * 61xx and 6Cxx itself (card.md trap 3), the JDK's automatic GET RESPONSE reuses the command's CLA.
 *
 * <p>Single owner thread (the engine's), as {@link CardReader} says: SunPCSC caches one connection
 * per reader.
 *
 * <p>pcscd restarting (card.md trap 1) shows as SCARD_E_NO_SERVICE on every call. With SunPCSC and
 * the JVM started with {@code --add-opens java.smartcardio/sun.security.smartcardio=ALL-UNNAMED}
 * the reader replaces the dead context at the next call and carries on ({@link
 * #contextRecoveries}); an open session is lost (its commands fail, as a pulled card's would) and
 * the card is opened again. Without the flag {@link #health} says to restart the controller.
 */
public final class PcscCardReader implements CardReader {
  /**
   * A card the wrong way round touches no contact and looks exactly like a mute card: the resident
   * is told both.
   */
  static final String MUTE_HINT =
      " is it inserted the right way round (chip first, chip facing up)?";

  private static final Logger LOG = LoggerFactory.getLogger(PcscCardReader.class);

  /**
   * While no reader is attached there is no terminal to block on; the presence wait re-lists the
   * readers this often (pcsc-lite itself polls USB hotplug).
   */
  private static final Duration NO_READER_RECHECK = Duration.ofMillis(250);

  /**
   * How long a failed command waits for the reader to report the card gone before calling the
   * failure a card error rather than a removal. pcscd polls a reader without interrupt-driven card
   * detection (vsmartcard's vpcd among them) every 400 ms.
   */
  public static final Duration DEFAULT_REMOVAL_SETTLE = Duration.ofSeconds(1);

  private final TerminalFactory factory;
  private final Optional<String> readerNameContains;
  private final Clock clock;
  private final Duration removalSettle;
  private CardOpening.Opened current;
  private MemoryCardSession currentMemory;
  private boolean serviceLost;
  private long contextRecoveries;

  /**
   * @param factory where readers come from
   * @param readerNameContains use the first reader whose name contains this text; empty: the first
   *     reader
   * @param clock today's date, for the card's expiry
   */
  public PcscCardReader(TerminalFactory factory, Optional<String> readerNameContains, Clock clock) {
    this(factory, readerNameContains, clock, DEFAULT_REMOVAL_SETTLE);
  }

  /**
   * @param removalSettle how long a command that failed without naming a cause waits for the reader
   *     to see the card gone (then it is reported removed); zero: look once, do not wait
   */
  public PcscCardReader(
      TerminalFactory factory,
      Optional<String> readerNameContains,
      Clock clock,
      Duration removalSettle) {
    this.factory = Objects.requireNonNull(factory, "factory");
    this.readerNameContains = Objects.requireNonNull(readerNameContains, "readerNameContains");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.removalSettle = Objects.requireNonNull(removalSettle, "removalSettle");
  }

  /** How many times the PC/SC context was replaced after pcscd restarted. */
  public long contextRecoveries() {
    return contextRecoveries;
  }

  @Override
  public boolean isCardPresent() {
    Optional<CardTerminal> terminal = terminal();
    if (terminal.isEmpty()) {
      return false;
    }
    try {
      return terminal.get().isCardPresent();
    } catch (CardException e) {
      LOG.warn("card presence check failed: {}", PcscFailures.describe(e));
      return false;
    }
  }

  @Override
  public boolean awaitPresence(boolean present, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (Thread.interrupted()) {
        throw new InterruptedException("waiting for card " + (present ? "insertion" : "removal"));
      }
      long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      Optional<CardTerminal> terminal = terminal();
      if (terminal.isEmpty()) {
        if (!present) {
          return true;
        }
        if (remainingMs <= 0) {
          return false;
        }
        TimeUnit.MILLISECONDS.sleep(Math.min(remainingMs, NO_READER_RECHECK.toMillis()));
        continue;
      }
      try {
        // Check first: the wait calls only report a change (card.md trap 5).
        if (terminal.get().isCardPresent() == present) {
          return true;
        }
        if (remainingMs <= 0) {
          return false;
        }
        // A timeout of 0 would mean "for ever" to javax.smartcardio.
        boolean reached =
            present
                ? terminal.get().waitForCardPresent(Math.max(1, remainingMs))
                : terminal.get().waitForCardAbsent(Math.max(1, remainingMs));
        if (reached) {
          return true;
        }
      } catch (CardException | IllegalStateException e) {
        // The reader went away during the wait: list again until the deadline.
        LOG.warn("waiting for the card failed: {}", PcscFailures.describe(e));
        if (remainingMs <= 0) {
          return false;
        }
        TimeUnit.MILLISECONDS.sleep(Math.min(remainingMs, NO_READER_RECHECK.toMillis()));
      }
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>A session still open from an earlier {@code open()} is closed first: javax.smartcardio hands
   * out one cached connection per reader, so two sessions would share (and fight over) it.
   */
  @Override
  public CardOpening open() {
    if (current != null) {
      current.session().close();
      current = null;
    }
    if (currentMemory != null) {
      currentMemory.close();
      currentMemory = null;
    }
    Optional<CardTerminal> terminal = terminal();
    if (terminal.isEmpty()) {
      return new CardOpening.Failed("no usable card reader: " + health());
    }
    Card card;
    try {
      card = terminal.get().connect("*");
    } catch (CardException e) {
      return connectFailed(e);
    } catch (IllegalStateException e) {
      return new CardOpening.Removed("connect");
    }
    byte[] atr = card.getATR().getBytes();
    if (atr.length == 0) {
      release(card, false);
      return new CardOpening.Refused(
          RefusalReason.MUTE, "the card gave no answer to reset:" + MUTE_HINT);
    }
    if (Atrs.isMemoryCard(atr)) {
      release(card, false);
      if (!Atrs.isSle4442(atr)) {
        return new CardOpening.Refused(
            RefusalReason.UNSUPPORTED_CARD,
            "a memory card (ATR " + Hex.encode(atr) + ") other than SLE4442");
      }
      return openMemory();
    }
    try {
      card.beginExclusive();
    } catch (CardException e) {
      release(card, false);
      return PcscFailures.isRemoval(e)
          ? new CardOpening.Removed("beginExclusive")
          : new CardOpening.Failed("cannot hold the card exclusively: " + PcscFailures.describe(e));
    } catch (IllegalStateException e) {
      release(card, false);
      return new CardOpening.Removed("beginExclusive");
    }
    CardTerminal reader = terminal.get();
    CardOpening opening =
        new PurseOpener(new ApduTransport(card.getBasicChannel(), () -> cardLeft(reader)), clock)
            .open(card);
    if (opening instanceof CardOpening.Opened opened) {
      current = opened;
    } else {
      release(card, true);
      LOG.info("card not opened: {}", opening);
    }
    return opening;
  }

  /** An SLE4442 through {@link #openMemoryCard()}, identified by {@link MemoryCardProfile}. */
  private CardOpening openMemory() {
    CardResult<MemoryCardSession> s = openMemoryCard();
    if (s instanceof CardResult.Removed<MemoryCardSession> removed) {
      return new CardOpening.Removed(removed.during());
    }
    if (!s.isOk()) {
      return new CardOpening.Failed(s.describe());
    }
    CardOpening o = MemoryCardProfile.identify(s.value());
    if (o instanceof CardOpening.MemoryOpened) {
      currentMemory = s.value();
    } else {
      s.value().close();
    }
    return o;
  }

  /**
   * Connects to an SLE4442 memory card in the slot, holds it exclusively and selects the card type
   * in the reader. {@link #open()} refuses memory cards (the engine does not load them yet); this
   * is the way in for the memory-card load. Any earlier session is closed first.
   */
  public CardResult<MemoryCardSession> openMemoryCard() {
    if (current != null) {
      current.session().close();
      current = null;
    }
    if (currentMemory != null) {
      currentMemory.close();
      currentMemory = null;
    }
    Optional<CardTerminal> terminal = terminal();
    if (terminal.isEmpty()) {
      return new CardResult.Failed<>("no usable card reader: " + health());
    }
    Card card;
    try {
      card = terminal.get().connect("*");
    } catch (CardException e) {
      return PcscFailures.isRemoval(e)
          ? new CardResult.Removed<>("connect")
          : new CardResult.Failed<>("cannot connect to the card: " + PcscFailures.describe(e));
    } catch (IllegalStateException e) {
      return new CardResult.Removed<>("connect");
    }
    if (!Atrs.isSle4442(card.getATR().getBytes())) {
      release(card, false);
      return new CardResult.Failed<>(
          "not an SLE4442 card (ATR " + Hex.encode(card.getATR().getBytes()) + ")");
    }
    try {
      card.beginExclusive();
    } catch (CardException | IllegalStateException e) {
      release(card, false);
      return new CardResult.Removed<>("beginExclusive");
    }
    CardTerminal reader = terminal.get();
    Sle4442Session session =
        new Sle4442Session(card, new ApduTransport(card.getBasicChannel(), () -> cardLeft(reader)));
    CardResult<Void> selected = session.selectCardType();
    if (!selected.isOk()) {
      session.close();
      return selected.castFailure();
    }
    return CardResult.ok(session);
  }

  @Override
  public String health() {
    try {
      List<CardTerminal> all = listTerminals();
      if (all.isEmpty()) {
        return "no reader";
      }
      if (matching(all).isEmpty()) {
        return "no reader matching '" + readerNameContains.orElse("") + "'";
      }
      return "ok";
    } catch (CardException e) {
      if (PcscFailures.isNoReaders(e)) {
        return "no reader";
      }
      if (PcscFailures.isServiceLost(e)) {
        String what =
            SunPcscContext.isSunPcsc(factory)
                ? SunPcscContext.unavailableReason()
                    .map(why -> "restart the controller (" + why + ")")
                    .orElse("waiting for pcscd to answer again")
                : "restart the controller";
        return "pc/sc service lost, " + what + ": " + PcscFailures.describe(e);
      }
      return "reader error: " + PcscFailures.describe(e);
    }
  }

  /**
   * Lists the readers; when the PC/SC service was lost, replaces the context first if this JVM
   * allows it ({@link SunPcscContext}).
   */
  private List<CardTerminal> listTerminals() throws CardException {
    try {
      List<CardTerminal> all = factory.terminals().list();
      serviceLost = false;
      return all;
    } catch (CardException e) {
      if (!PcscFailures.isServiceLost(e)) {
        throw e;
      }
      if (!serviceLost) {
        serviceLost = true;
        LOG.warn("the PC/SC service went away (pcscd stopped?): {}", PcscFailures.describe(e));
      }
      if (!SunPcscContext.isSunPcsc(factory) || !SunPcscContext.reestablish()) {
        throw e;
      }
      contextRecoveries++;
      LOG.warn("pcscd answers again: PC/SC context replaced ({} so far)", contextRecoveries);
      List<CardTerminal> all = factory.terminals().list();
      serviceLost = false;
      return all;
    }
  }

  /** The removal probe of {@link ApduTransport}: whether the reader now sees no card. */
  private boolean cardLeft(CardTerminal reader) {
    try {
      if (removalSettle.isZero()) {
        return !reader.isCardPresent();
      }
      return reader.waitForCardAbsent(Math.max(1, removalSettle.toMillis()));
    } catch (CardException | RuntimeException e) {
      LOG.debug("cannot tell whether the card left: {}", PcscFailures.describe(e));
      return false;
    }
  }

  private Optional<CardTerminal> terminal() {
    try {
      return matching(listTerminals());
    } catch (CardException e) {
      // pcsc-lite reports "no reader attached" as SCARD_E_NO_READERS_AVAILABLE (card.md trap 2).
      if (!PcscFailures.isNoReaders(e)) {
        LOG.warn("listing card readers failed: {}", PcscFailures.describe(e));
      }
      return Optional.empty();
    }
  }

  private Optional<CardTerminal> matching(List<CardTerminal> terminals) {
    return terminals.stream()
        .filter(t -> readerNameContains.map(f -> t.getName().contains(f)).orElse(true))
        .findFirst();
  }

  private static CardOpening connectFailed(CardException e) {
    if (PcscFailures.isRemoval(e)) {
      return new CardOpening.Removed("connect");
    }
    if (PcscFailures.isMute(e)) {
      return new CardOpening.Refused(RefusalReason.MUTE, "the card does not answer:" + MUTE_HINT);
    }
    return new CardOpening.Failed("cannot connect to the card: " + PcscFailures.describe(e));
  }

  /**
   * Ends the exclusive hold and disconnects without resetting the card (trap 6). Never throws: the
   * card may already be gone.
   */
  static void release(Card card, boolean exclusive) {
    if (exclusive) {
      try {
        card.endExclusive();
      } catch (CardException | RuntimeException e) {
        LOG.debug("endExclusive: {}", PcscFailures.describe(e));
      }
    }
    try {
      card.disconnect(false);
    } catch (CardException | RuntimeException e) {
      LOG.debug("disconnect: {}", PcscFailures.describe(e));
    }
  }
}
