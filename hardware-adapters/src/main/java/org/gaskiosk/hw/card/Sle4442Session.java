package org.gaskiosk.hw.card;

import javax.smartcardio.Card;
import org.gaskiosk.core.port.CardResult;
import org.gaskiosk.core.port.MemoryCardSession;

/**
 * An SLE4442 memory card through an ACR38-style reader. Every answer becomes a {@link CardResult}:
 * a status word the reader uses for "not done" (67xx-6Fxx) is {@link CardResult.Refused}; a pulled
 * card {@link CardResult.Removed}; anything unexpected {@link CardResult.Failed} (for a write:
 * unknown whether written).
 */
final class Sle4442Session implements MemoryCardSession {
  /** Bytes per READ: half the memory, well within the one-byte Le of every ACR38-style reader. */
  static final int READ_CHUNK = 128;

  private final Card card;
  private final ApduTransport transport;
  private boolean closed;

  Sle4442Session(Card card, ApduTransport transport) {
    this.card = card;
    this.transport = transport;
  }

  /** Selects the SLE4442 card type in the reader; the session is usable only if this is Ok. */
  CardResult<Void> selectCardType() {
    return status("SELECT CARD TYPE", MemoryCardCommands.selectCardType());
  }

  /**
   * A READ carries at most 255 bytes (its Le is one byte), so a longer range is read in chunks of
   * {@link #READ_CHUNK}; a range outside the 256-byte memory is a failure value, never an exception
   * (the caller is the engine thread, which must not die on a bad request).
   */
  @Override
  public CardResult<byte[]> read(int address, int length) {
    if (address < 0 || length < 1 || address + length > MemoryCardCommands.MEMORY_SIZE) {
      return new CardResult.Failed<>(
          "READ MEMORY: not within the 256-byte memory: address " + address + ", length " + length);
    }
    byte[] all = new byte[length];
    for (int done = 0; done < length; done += READ_CHUNK) {
      int n = Math.min(READ_CHUNK, length - done);
      CardResult<byte[]> part = readChunk(address + done, n);
      if (!part.isOk()) {
        return part;
      }
      System.arraycopy(part.value(), 0, all, done, n);
    }
    return CardResult.ok(all);
  }

  private CardResult<byte[]> readChunk(int address, int length) {
    String during = "READ MEMORY";
    CardResult<Rapdu> r = transport.exchange(during, MemoryCardCommands.read(address, length));
    if (!r.isOk()) {
      return r.castFailure();
    }
    int sw = r.value().sw();
    if (sw != StatusWords.OK) {
      return refusedOrFailed(during, sw);
    }
    if (r.value().data().length != length) {
      return new CardResult.Failed<>(
          during + ": expected " + length + " bytes, got " + r.value().data().length);
    }
    return CardResult.ok(r.value().data());
  }

  @Override
  public CardResult<Integer> pscTriesLeft() {
    String during = "READ ERROR COUNTER";
    CardResult<Rapdu> r = transport.exchange(during, MemoryCardCommands.readErrorCounter());
    if (!r.isOk()) {
      return r.castFailure();
    }
    if (r.value().sw() != StatusWords.OK) {
      return refusedOrFailed(during, r.value().sw());
    }
    byte[] d = r.value().data();
    if (d.length != 4 || (d[0] & 0xF8) != 0) {
      return new CardResult.Failed<>(during + ": not an error counter: " + d.length + " bytes");
    }
    return CardResult.ok(MemoryCardCommands.triesLeft(d[0]));
  }

  @Override
  public CardResult<PscCheck> presentPsc(byte[] psc) {
    String during = "PRESENT PSC";
    // Never resent on 6Cxx: a second presentation would spend a second try.
    CardResult<Rapdu> r = transport.exchange(during, MemoryCardCommands.presentPsc(psc), false);
    if (!r.isOk()) {
      return r.castFailure();
    }
    int sw = r.value().sw();
    if ((sw >> 8) == 0x90 && (sw & 0xF8) == 0) {
      int left = MemoryCardCommands.triesLeft(sw & 0x07);
      return CardResult.ok(new PscCheck(left == 3, left));
    }
    return refusedOrFailed(during, sw);
  }

  @Override
  public CardResult<Void> write(int address, byte[] data) {
    return status("WRITE MEMORY", MemoryCardCommands.write(address, data));
  }

  @Override
  public CardResult<Void> changePsc(byte[] newPsc) {
    return status("CHANGE PSC", MemoryCardCommands.changePsc(newPsc));
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    PcscCardReader.release(card, true);
  }

  private CardResult<Void> status(String during, byte[] command) {
    CardResult<Rapdu> r = transport.exchange(during, command, false);
    if (!r.isOk()) {
      return r.castFailure();
    }
    int sw = r.value().sw();
    return sw == StatusWords.OK ? CardResult.ok(null) : refusedOrFailed(during, sw);
  }

  /** ISO checking errors (67xx-6Fxx): not executed. Anything else: may have been. */
  private static <T> CardResult<T> refusedOrFailed(String during, int sw) {
    int sw1 = sw >> 8;
    if (sw1 >= 0x67 && sw1 <= 0x6F || sw1 == 0x69) {
      return new CardResult.Refused<>(sw, StatusWords.meaning(sw));
    }
    return new CardResult.Failed<>(
        during + " answered SW " + StatusWords.hex(sw) + " (" + StatusWords.meaning(sw) + ")");
  }
}
