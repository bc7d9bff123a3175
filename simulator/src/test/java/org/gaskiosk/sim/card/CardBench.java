package org.gaskiosk.sim.card;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import org.gaskiosk.core.port.CardOpening;
import org.gaskiosk.core.port.LoadInit;
import org.gaskiosk.core.port.PurseSession;
import org.gaskiosk.hw.card.Bcd;
import org.gaskiosk.hw.card.PcscCardReader;
import org.gaskiosk.hw.card.PurseCommands;
import org.gaskiosk.hw.card.pboc.LoadMacs;
import org.gaskiosk.hw.card.pboc.PbocAlgorithm;
import org.gaskiosk.hw.card.pboc.PbocCrypto;

/**
 * A simulated slot over a folder, reached by the production reader through one transport. Plays the
 * central system's HSM where a test needs MAC2 (from the test's own issuer keys).
 */
final class CardBench implements AutoCloseable {
  static final String TERMINAL = "001122334455";
  static final LocalDateTime HOST_TIME = LocalDateTime.of(2026, 3, 1, 9, 30, 15);
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T01:30:15Z"), ZoneOffset.UTC);

  final Path folder;
  final IssuerKeys keys = IssuerKeys.generate(new Random(20260301));
  private final CardTransport.Factory transports;
  SimCardSlot slot;
  CardTransport transport;
  PcscCardReader reader;

  CardBench(Path folder, CardTransport.Factory transports) throws Exception {
    this.folder = folder;
    this.transports = transports;
    start();
  }

  /** A fresh slot, transport and reader over the same folder: a restart after power loss. */
  void restart() throws Exception {
    transport.close();
    start();
  }

  private void start() throws Exception {
    slot = SimCardSlot.open(folder, keys, new Random(42));
    transport = transports.attach(slot);
    transport.awaitSettled();
    reader =
        new PcscCardReader(
            transport.terminalFactory(), transport.readerName(), CLOCK, transport.removalSettle());
  }

  /** Inserts the card and returns once the reader can see it. */
  void insert(String cardNo) {
    slot.insert(cardNo);
    transport.awaitSettled();
  }

  /** Pulls the card and returns once the reader sees the slot empty. */
  void remove() {
    slot.remove();
    transport.awaitSettled();
  }

  CardOpening insertAndOpen(String cardNo) {
    insert(cardNo);
    return reader.open();
  }

  PurseSession openPurse(String cardNo) {
    CardOpening opening = insertAndOpen(cardNo);
    assertThat(opening).isInstanceOf(CardOpening.Opened.class);
    return ((CardOpening.Opened) opening).session();
  }

  /** MAC2 as the central HSM computes it, after checking MAC1. */
  byte[] mac2(String cardNo, LoadInit init, long amount, LocalDateTime hostTime) {
    PbocAlgorithm alg = PbocAlgorithm.fromId(init.algorithmId()).orElseThrow();
    byte[] seslk =
        LoadMacs.sessionLoadKey(alg, keys.loadKeyFor(cardNo), init.random(), init.sequence());
    byte[] terminal = PurseCommands.terminal(TERMINAL);
    assertThat(
            LoadMacs.mac1(alg, seslk, init.oldBalance(), amount, PbocCrypto.TYPE_PURSE, terminal))
        .as("MAC1 of card %s", cardNo)
        .isEqualTo(init.mac1());
    return LoadMacs.mac2(
        alg,
        seslk,
        amount,
        PbocCrypto.TYPE_PURSE,
        terminal,
        Bcd.date(hostTime.toLocalDate()),
        Bcd.time(hostTime.toLocalTime()));
  }

  /** The TAC the card must return for a load, from the test's own DTK. */
  byte[] expectedTac(String cardNo, long newBalance, int sequence, long amount) {
    return LoadMacs.tac(
        purse(cardNo).algorithm(),
        keys.tacKeyFor(cardNo),
        newBalance,
        sequence,
        amount,
        PbocCrypto.TYPE_PURSE,
        PurseCommands.terminal(TERMINAL),
        Bcd.date(HOST_TIME.toLocalDate()),
        Bcd.time(HOST_TIME.toLocalTime()));
  }

  PurseImage purse(String cardNo) {
    return (PurseImage) slot.image(cardNo).orElseThrow();
  }

  @Override
  public void close() {
    transport.close();
  }
}
