package org.gaskiosk.hw.card;

import java.util.Optional;
import org.gaskiosk.core.domain.CardFamily;
import org.gaskiosk.core.domain.CardSnapshot;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.core.domain.MeterRecord;
import org.gaskiosk.core.port.CardOpening;
import org.gaskiosk.core.port.CardOpening.RefusalReason;
import org.gaskiosk.core.port.CardResult;
import org.gaskiosk.core.port.MemoryCardSession;
import org.gaskiosk.hw.card.pboc.Hex;

/**
 * Identifies an SLE4442 user card of the city's layout (docs/card-profile.md): only what the kiosk
 * needs before the central's card.service takes over - the card number, whether it is a user card,
 * and what it shows to the resident (gas waiting for the meter, the meter's remainder). Reading
 * needs no PSC; nothing is written here.
 */
final class MemoryCardProfile {
  static final int FROM = 0x20;
  static final int LENGTH = 0x20;
  private static final int USER_CARD = 0xDD;

  private MemoryCardProfile() {}

  /** What opening {@code session} leads to; the caller closes the session unless it is opened. */
  static CardOpening identify(MemoryCardSession session) {
    CardResult<byte[]> r = session.read(FROM, LENGTH);
    if (r instanceof CardResult.Removed<byte[]> removed) {
      return new CardOpening.Removed(removed.during());
    }
    if (!r.isOk()) {
      return new CardOpening.Failed("memory card unreadable: " + r.describe());
    }
    byte[] m = r.value();
    if (m.length != LENGTH) {
      return new CardOpening.Failed("memory card answered " + m.length + " bytes, not " + LENGTH);
    }
    if ((m[0] & 0xFF) != USER_CARD) {
      return new CardOpening.Refused(
          RefusalReason.TOOL_CARD,
          "a memory card of type " + Hex.encode(new byte[] {m[0]}) + ", not a user card");
    }
    Optional<String> cardNo = Bcd.digits(m, 0x01, 8);
    if (cardNo.isEmpty()) {
      return new CardOpening.Refused(
          RefusalReason.UNKNOWN_CARD, "the memory card carries no card number of this utility");
    }
    long gas = u(m, 0x12, 4);
    long backup = u(m, 0x16, 4);
    // Gas written and backed up but not taken: the meter must take it before a new sale.
    boolean untaken = gas != 0 && gas == backup;
    MeterRecord meter = new MeterRecord(u(m, 0x1D, 3), false, false, false, false, null, untaken);
    return new CardOpening.MemoryOpened(
        session, new CardSnapshot(cardNo.get(), CardFamily.SLE4442, CardUnit.CENTI_M3, gas, meter));
  }

  private static long u(byte[] m, int at, int len) {
    long v = 0;
    for (int i = 0; i < len; i++) {
      v = (v << 8) | (m[at + i] & 0xFF);
    }
    return v;
  }
}
