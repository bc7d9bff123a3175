package org.gaskiosk.hw.card;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Optional;
import org.gaskiosk.core.domain.MeterRecord;
import org.gaskiosk.core.port.CardLogEntry;
import org.gaskiosk.core.port.LoadInit;
import org.gaskiosk.core.port.TransactionProof;
import org.gaskiosk.hw.card.pboc.Hex;

/**
 * Parses the response data of the purse profile. Every parser checks the length and every BCD field
 * first and throws {@link MalformedAnswerException} with the offending bytes, never an unchecked
 * exception: the bytes come from a card.
 */
final class PurseAnswers {
  private PurseAnswers() {}

  /**
   * The DF name (tag 84) of a SELECT answer's FCI template (tag 6F), or empty when the card sent no
   * FCI at all (some cards answer SELECT with 9000 only).
   */
  static Optional<byte[]> dfName(byte[] fci) throws MalformedAnswerException {
    if (fci.length == 0) {
      return Optional.empty();
    }
    if ((fci[0] & 0xFF) != 0x6F || fci.length < 2) {
      throw malformed("SELECT", "FCI does not start with tag 6F", fci);
    }
    int length = fci[1] & 0xFF;
    if (length + 2 != fci.length) {
      throw malformed("SELECT", "FCI length byte does not match", fci);
    }
    int pos = 2;
    while (pos < fci.length) {
      if (pos + 2 > fci.length) {
        throw malformed("SELECT", "truncated TLV in FCI", fci);
      }
      int tag = fci[pos] & 0xFF;
      int len = fci[pos + 1] & 0xFF;
      if (len > 0x7F || pos + 2 + len > fci.length) {
        throw malformed("SELECT", "bad TLV length in FCI", fci);
      }
      if (tag == 0x84) {
        return Optional.of(Arrays.copyOfRange(fci, pos + 2, pos + 2 + len));
      }
      pos += 2 + len;
    }
    throw malformed("SELECT", "FCI without DF name (84)", fci);
  }

  /** The identity file; layout in docs/card-profile.md. */
  static CardIdentity identity(byte[] d) throws MalformedAnswerException {
    String what = "identity file";
    requireLength(what, d, PurseProfile.IDENTITY_LENGTH);
    CardType type =
        CardType.fromCode(d[0] & 0xFF)
            .orElseThrow(() -> malformed(what, "unknown card type byte", d));
    String cardNo =
        Bcd.digits(d, 1, 8).orElseThrow(() -> malformed(what, "card number is not BCD", d));
    String issuer =
        Bcd.digits(d, 9, 2).orElseThrow(() -> malformed(what, "issuer id is not BCD", d));
    LocalDate expiry =
        Bcd.decodeDate(d, 11).orElseThrow(() -> malformed(what, "expiry is not a BCD date", d));
    int state = d[15] & 0xFF;
    if (state != PurseProfile.STATE_ACTIVE && state != PurseProfile.STATE_LOCKED) {
      throw malformed(what, "unknown application state byte", d);
    }
    return new CardIdentity(type, cardNo, issuer, expiry, state == PurseProfile.STATE_LOCKED);
  }

  /** The meter write-back record: remaining(4) | flags(1) | last use (4 BCD, zeros = never). */
  static MeterRecord meter(byte[] d) throws MalformedAnswerException {
    String what = "meter record";
    requireLength(what, d, PurseProfile.METER_RECORD_LENGTH);
    long remaining = u32(d, 0);
    int flags = d[4] & 0xFF;
    LocalDate lastUse = null;
    if (!Bcd.allZero(d, 5, 4)) {
      lastUse =
          Bcd.decodeDate(d, 5).orElseThrow(() -> malformed(what, "last use is not a BCD date", d));
    }
    return new MeterRecord(
        remaining,
        (flags & PurseProfile.FLAG_VALVE_CLOSED) != 0,
        (flags & PurseProfile.FLAG_LOW_BATTERY) != 0,
        (flags & PurseProfile.FLAG_MAGNETIC_ATTACK) != 0,
        (flags & PurseProfile.FLAG_LEAK_ALARM) != 0,
        lastUse,
        (flags & PurseProfile.FLAG_UNTAKEN_LOAD) != 0);
  }

  static long balance(byte[] d) throws MalformedAnswerException {
    requireLength("GET BALANCE", d, 4);
    return u32(d, 0);
  }

  /** INITIALIZE FOR LOAD's 16 bytes, per card.md. */
  static LoadInit loadInit(byte[] d) throws MalformedAnswerException {
    requireLength("INITIALIZE FOR LOAD", d, 16);
    return new LoadInit(
        u32(d, 0),
        u16(d, 4),
        d[6] & 0xFF,
        d[7] & 0xFF,
        Arrays.copyOfRange(d, 8, 12),
        Arrays.copyOfRange(d, 12, 16));
  }

  static byte[] tac(byte[] d) throws MalformedAnswerException {
    requireLength("CREDIT FOR LOAD", d, 4);
    return d.clone();
  }

  static TransactionProof proof(byte[] d) throws MalformedAnswerException {
    requireLength("GET TRANSACTION PROVE", d, 8);
    return new TransactionProof(Arrays.copyOfRange(d, 0, 4), Arrays.copyOfRange(d, 4, 8));
  }

  /**
   * One transaction log record: sequence(2) | amount(4) | type(1) | terminal(6) | date(4) |
   * time(3). Empty for an all-zero record: cyclic files are often created full of zero records.
   */
  static Optional<CardLogEntry> logEntry(byte[] d) throws MalformedAnswerException {
    String what = "transaction log record";
    requireLength(what, d, PurseProfile.LOG_RECORD_LENGTH);
    if (Bcd.allZero(d, 0, d.length)) {
      return Optional.empty();
    }
    LocalDateTime time =
        Bcd.decodeDateTime(d, 13).orElseThrow(() -> malformed(what, "date/time is not BCD", d));
    return Optional.of(
        new CardLogEntry(
            u16(d, 0), u32(d, 2), d[6] & 0xFF, Hex.encode(Arrays.copyOfRange(d, 7, 13)), time));
  }

  private static void requireLength(String what, byte[] d, int expected)
      throws MalformedAnswerException {
    if (d.length != expected) {
      throw malformed(what, "expected " + expected + " bytes, got " + d.length, d);
    }
  }

  private static MalformedAnswerException malformed(String what, String why, byte[] d) {
    String shown = d.length > 64 ? Hex.encode(Arrays.copyOf(d, 64)) + "..." : Hex.encode(d);
    return new MalformedAnswerException(what + ": " + why + " [" + shown + "]");
  }

  private static long u32(byte[] d, int off) {
    return ((long) (d[off] & 0xFF) << 24)
        | ((d[off + 1] & 0xFF) << 16)
        | ((d[off + 2] & 0xFF) << 8)
        | (d[off + 3] & 0xFF);
  }

  private static int u16(byte[] d, int off) {
    return ((d[off] & 0xFF) << 8) | (d[off + 1] & 0xFF);
  }
}
