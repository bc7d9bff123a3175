package org.gaskiosk.core.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.gaskiosk.core.port.CardResult;
import org.gaskiosk.core.port.MemoryCardSession;

/**
 * An SLE4442 for engine tests: 256 bytes, a PSC with its error counter (a try spent before the
 * comparison, a right PSC restores three), writes and PSC changes only after an accepted PSC in the
 * same insertion. A fault can be set on the n-th write or PSC change: torn (the card leaves) or a
 * power cut (the controller dies), each before or after the card applied it.
 */
final class FakeMemoryCard implements MemoryCardSession {
  static final HexFormat HEX = HexFormat.of().withUpperCase();

  enum Fault {
    TORN_BEFORE,
    TORN_AFTER,
    POWER_BEFORE,
    POWER_AFTER
  }

  /** The controller dies: thrown through everything, as a power cut stops the JVM. */
  static final class PowerCut extends Error {
    private static final long serialVersionUID = 1L;

    PowerCut() {
      super("power cut", null, false, false);
    }
  }

  final byte[] memory = new byte[256];
  byte[] psc = HEX.parseHex("FFFFFF");
  int triesLeft = 3;
  final List<String> commands = new ArrayList<>();

  /** Every PSC presented, in order, as hex. */
  final List<String> presented = new ArrayList<>();

  private boolean unlocked;
  private int writesSeen;
  private int faultAt = -1;
  private Fault fault;

  FakeMemoryCard(String cardNo, int purchaseCount) {
    Arrays.fill(memory, (byte) 0xFF);
    System.arraycopy(HEX.parseHex("A2131091"), 0, memory, 0, 4);
    memory[0x20] = (byte) 0xDD;
    System.arraycopy(HEX.parseHex(cardNo), 0, memory, 0x21, 8);
    memory[0x30] = (byte) (purchaseCount >> 8);
    memory[0x31] = (byte) purchaseCount;
    Arrays.fill(memory, 0x32, 0x3A, (byte) 0);
  }

  /** Sets a fault on the {@code n}-th (0-based) write or PSC change from now on. */
  void faultAt(int n, Fault f) {
    faultAt = writesSeen + n;
    fault = f;
  }

  /** The card is taken out and put back: a new power session, the PSC must be presented again. */
  void reinsert() {
    unlocked = false;
  }

  int purchaseCount() {
    return ((memory[0x30] & 0xFF) << 8) | (memory[0x31] & 0xFF);
  }

  long gasArea(int at) {
    long v = 0;
    for (int i = 0; i < 4; i++) {
      v = (v << 8) | (memory[at + i] & 0xFF);
    }
    return v;
  }

  @Override
  public CardResult<byte[]> read(int address, int length) {
    commands.add("read");
    if (length > 255) {
      throw new IllegalArgumentException("a READ carries at most 255 bytes"); // as the reader
    }
    return CardResult.ok(Arrays.copyOfRange(memory, address, address + length));
  }

  @Override
  public CardResult<Integer> pscTriesLeft() {
    return CardResult.ok(triesLeft);
  }

  @Override
  public CardResult<PscCheck> presentPsc(byte[] candidate) {
    commands.add("psc?");
    presented.add(HEX.formatHex(candidate));
    if (triesLeft == 0) {
      return CardResult.ok(new PscCheck(false, 0));
    }
    triesLeft--;
    if (Arrays.equals(candidate, psc)) {
      triesLeft = 3;
      unlocked = true;
      return CardResult.ok(new PscCheck(true, 3));
    }
    return CardResult.ok(new PscCheck(false, triesLeft));
  }

  @Override
  public CardResult<Void> write(int address, byte[] data) {
    return guarded(
        "write@" + address, () -> System.arraycopy(data, 0, memory, address, data.length));
  }

  @Override
  public CardResult<Void> changePsc(byte[] newPsc) {
    return guarded("psc!", () -> psc = newPsc.clone());
  }

  private CardResult<Void> guarded(String name, Runnable apply) {
    commands.add(name);
    if (!unlocked) {
      return new CardResult.Failed<>(name + ": security status not satisfied");
    }
    boolean faulty = writesSeen++ == faultAt;
    if (faulty && (fault == Fault.TORN_BEFORE || fault == Fault.POWER_BEFORE)) {
      if (fault == Fault.POWER_BEFORE) {
        throw new PowerCut();
      }
      unlocked = false;
      return new CardResult.Removed<>(name);
    }
    apply.run();
    if (faulty) {
      if (fault == Fault.POWER_AFTER) {
        throw new PowerCut();
      }
      unlocked = false;
      return new CardResult.Removed<>(name);
    }
    return CardResult.ok(null);
  }

  @Override
  public void close() {}
}
