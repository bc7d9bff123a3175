package org.gaskiosk.hw.bill.id003;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Which ID003 escrow code (0x61..0x70) stands for which note, in fen. The assignment belongs to the
 * acceptor's currency firmware (the acceptor reports it to a currency-assign request 0x8A), so it
 * is configuration, never guessed. Each code also owns one bit of the two-byte enable/inhibit mask
 * of command 0xC0: code 0x61 is bit 0 of the first byte, 0x69 bit 0 of the second; a set bit
 * inhibits.
 */
public final class DenominationTable {
  public static final int FIRST_CODE = 0x61;
  public static final int LAST_CODE = 0x70;

  /**
   * The CNY note set this project's acceptors are configured for: 1, 5, 10, 20, 50 and 100 yuan as
   * escrow codes 0x61..0x66.
   */
  public static final DenominationTable CNY =
      new DenominationTable(
          Map.of(0x61, 100L, 0x62, 500L, 0x63, 1_000L, 0x64, 2_000L, 0x65, 5_000L, 0x66, 10_000L));

  private final Map<Integer, Long> fenByCode;

  public DenominationTable(Map<Integer, Long> fenByCode) {
    Map<Integer, Long> sorted = new LinkedHashMap<>();
    fenByCode.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              int code = e.getKey();
              if (code < FIRST_CODE || code > LAST_CODE || e.getValue() <= 0) {
                throw new IllegalArgumentException(
                    "escrow code 0x" + Integer.toHexString(code) + " -> " + e.getValue() + " fen");
              }
              if (sorted.containsValue(e.getValue())) {
                throw new IllegalArgumentException("two escrow codes for " + e.getValue() + " fen");
              }
              sorted.put(code, e.getValue());
            });
    this.fenByCode = Collections.unmodifiableMap(sorted);
  }

  public OptionalLong fen(int escrowCode) {
    Long fen = fenByCode.get(escrowCode);
    return fen == null ? OptionalLong.empty() : OptionalLong.of(fen);
  }

  public OptionalInt code(long fen) {
    return fenByCode.entrySet().stream()
        .filter(e -> e.getValue() == fen)
        .mapToInt(Map.Entry::getKey)
        .findFirst();
  }

  public Set<Long> values() {
    return Set.copyOf(fenByCode.values());
  }

  /** The 0xC0 data bytes that enable exactly {@code acceptedFen} and inhibit every other code. */
  public byte[] inhibitMask(Set<Long> acceptedFen) {
    for (long fen : acceptedFen) {
      if (code(fen).isEmpty()) {
        throw new IllegalArgumentException("no escrow code for a note of " + fen + " fen");
      }
    }
    int mask = 0xFFFF;
    for (Map.Entry<Integer, Long> e : fenByCode.entrySet()) {
      if (acceptedFen.contains(e.getValue())) {
        mask &= ~(1 << (e.getKey() - FIRST_CODE));
      }
    }
    return new byte[] {(byte) mask, (byte) (mask >>> 8)};
  }

  /** Whether {@code mask} (0xC0 data) inhibits {@code escrowCode}. */
  public static boolean inhibits(byte[] mask, int escrowCode) {
    int bit = escrowCode - FIRST_CODE;
    if (bit < 0 || bit > 15 || mask.length < 2) {
      return true;
    }
    int value = (mask[0] & 0xFF) | (mask[1] & 0xFF) << 8;
    return (value & (1 << bit)) != 0;
  }
}
