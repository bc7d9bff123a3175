package org.gaskiosk.core.port;

/**
 * An open connection to an SLE4442 memory card (256 bytes, 3-byte PSC, 3 presentation tries). The
 * kiosk knows no layout: it reads the raw card, sends it to the central system's card service and
 * writes what comes back. Reading needs no PSC; writing does.
 *
 * <p>The hazard it exists for: the card counts every wrong PSC and locks for ever after the third.
 * {@link #presentPsc} is therefore never to be called twice for one card without a person deciding
 * so; {@link #pscTriesLeft} reads the counter without spending a try.
 */
public interface MemoryCardSession extends AutoCloseable {

  /** The card's main memory, {@code length} bytes from {@code address}. */
  CardResult<byte[]> read(int address, int length);

  /** The presentation error counter as tries left (3 = none spent, 0 = locked for ever). */
  CardResult<Integer> pscTriesLeft();

  /**
   * Presents the PSC once. An {@link PscCheck#accepted()} answer unlocks writing for this power
   * session. A wrong PSC spends one of the card's three tries: never retry automatically.
   */
  CardResult<PscCheck> presentPsc(byte[] psc);

  /**
   * Writes {@code data} at {@code address} (after an accepted PSC). A {@link CardResult.Removed} or
   * {@link CardResult.Failed} here means "unknown whether written": read the card before anything
   * else.
   */
  CardResult<Void> write(int address, byte[] data);

  /** Changes the PSC (after an accepted PSC in the same power session). */
  CardResult<Void> changePsc(byte[] newPsc);

  /** Releases the card. Never throws. */
  @Override
  void close();

  /**
   * What presenting a PSC led to.
   *
   * @param accepted the PSC was right; writing is open until the card leaves
   * @param triesLeft what the error counter allows now (3 after an accepted PSC)
   */
  record PscCheck(boolean accepted, int triesLeft) {
    /** The card refuses every PSC for ever. */
    public boolean locked() {
      return !accepted && triesLeft == 0;
    }
  }
}
