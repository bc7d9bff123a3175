package org.gaskiosk.sim.card;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.gaskiosk.hw.card.CardType;
import org.gaskiosk.hw.card.pboc.PbocAlgorithm;

/**
 * The EEPROM of a simulated PBOC-style purse card (user purse or tool card): identity file, meter
 * write-back record, purse balance and online sequence, the cyclic transaction log and the proofs
 * of the transactions still in the log.
 *
 * @param cardNo 16 digits
 * @param typeCode the card type byte ({@link CardType#code()})
 * @param issuerId 4 digits
 * @param expiry ISO date, the last valid day
 * @param locked the application state byte says locked
 * @param balance purse balance in card units
 * @param balanceLimit the card refuses a load that would take the balance above this
 * @param onlineSequence the online transaction sequence (the next load uses this number)
 * @param meter the meter write-back record
 * @param log newest first, at most {@link #LOG_CAPACITY}
 * @param proofs MAC2 and TAC of the loads still in the log
 * @param algorithmId the load keys' cipher as INITIALIZE FOR LOAD reports it: 00 3DES, 04 SM4 (an
 *     image written before SM4 cards existed reads as 00)
 */
public record PurseImage(
    String cardNo,
    int typeCode,
    String issuerId,
    String expiry,
    boolean locked,
    long balance,
    long balanceLimit,
    int onlineSequence,
    Meter meter,
    List<LogRecord> log,
    List<Proof> proofs,
    int algorithmId)
    implements SimCardImage {

  /** Records in the cyclic transaction log. */
  public static final int LOG_CAPACITY = 10;

  /** The limit of fixture cards: 9,999.99 yuan or m3, as many gas cards have. */
  public static final long DEFAULT_BALANCE_LIMIT = 999_999;

  public PurseImage {
    CardType.fromCode(typeCode)
        .orElseThrow(() -> new IllegalArgumentException("unknown card type " + typeCode));
    LocalDate.parse(expiry);
    PbocAlgorithm.fromId(algorithmId)
        .orElseThrow(() -> new IllegalArgumentException("unknown algorithm id " + algorithmId));
    log = List.copyOf(log);
    proofs = List.copyOf(proofs);
  }

  /** A fresh user purse or tool card with an empty log. */
  public static PurseImage issue(CardType type, String cardNo, long balance, Meter meter) {
    return new PurseImage(
        cardNo,
        type.code(),
        "3100",
        "2049-12-31",
        false,
        balance,
        DEFAULT_BALANCE_LIMIT,
        0,
        meter,
        List.of(),
        List.of(),
        PbocAlgorithm.TRIPLE_DES.id());
  }

  /** The same card with SM4 load keys (an SM4 card of the same issuer). */
  public PurseImage withAlgorithm(PbocAlgorithm algorithm) {
    return new PurseImage(
        cardNo,
        typeCode,
        issuerId,
        expiry,
        locked,
        balance,
        balanceLimit,
        onlineSequence,
        meter,
        log,
        proofs,
        algorithm.id());
  }

  public PbocAlgorithm algorithm() {
    return PbocAlgorithm.fromId(algorithmId).orElseThrow();
  }

  public CardType type() {
    return CardType.fromCode(typeCode).orElseThrow();
  }

  public PurseImage withExpiry(LocalDate lastValidDay) {
    return new PurseImage(
        cardNo,
        typeCode,
        issuerId,
        lastValidDay.toString(),
        locked,
        balance,
        balanceLimit,
        onlineSequence,
        meter,
        log,
        proofs,
        algorithmId);
  }

  public PurseImage withLocked(boolean locked) {
    return new PurseImage(
        cardNo,
        typeCode,
        issuerId,
        expiry,
        locked,
        balance,
        balanceLimit,
        onlineSequence,
        meter,
        log,
        proofs,
        algorithmId);
  }

  /** The card after a load: balance up, sequence +1, the record and its proof kept. */
  PurseImage loaded(long amount, LogRecord record, Proof proof) {
    List<LogRecord> newLog = new ArrayList<>(LOG_CAPACITY);
    newLog.add(record);
    newLog.addAll(log.subList(0, Math.min(log.size(), LOG_CAPACITY - 1)));
    Set<Integer> kept = newLog.stream().map(LogRecord::sequence).collect(Collectors.toSet());
    List<Proof> newProofs = new ArrayList<>();
    newProofs.add(proof);
    proofs.stream().filter(p -> kept.contains(p.sequence())).forEach(newProofs::add);
    return new PurseImage(
        cardNo,
        typeCode,
        issuerId,
        expiry,
        locked,
        Math.addExact(balance, amount),
        balanceLimit,
        onlineSequence + 1,
        meter,
        newLog,
        newProofs,
        algorithmId);
  }

  @Override
  public SimCardInfo info(boolean inserted) {
    CardType type = type();
    return new SimCardInfo(
        cardNo,
        type.family().wireName(),
        type.unit().wireName(),
        balance,
        type.isTool() ? null : onlineSequence,
        null,
        inserted);
  }

  /**
   * The meter write-back record.
   *
   * @param remaining what the meter still holds, in card units
   * @param flags bit 0 valve closed, 1 low battery, 2 magnetic attack, 3 leak alarm
   * @param lastUse ISO date, or null if the card was never in a meter
   */
  public record Meter(long remaining, int flags, String lastUse) {
    public static final Meter NEVER_USED = new Meter(0, 0, null);
  }

  /**
   * One transaction log record.
   *
   * @param sequence the online sequence the load used (before the increment)
   * @param amount in card units
   * @param type 02 = purse load
   * @param terminal 12 hex digits
   * @param date BCD YYYYMMDD as hex text
   * @param time BCD hhmmss as hex text
   */
  public record LogRecord(
      int sequence, long amount, int type, String terminal, String date, String time) {}

  /**
   * What GET TRANSACTION PROVE returns for a load: MAC2 and TAC, as hex text.
   *
   * @param sequence the load's online sequence (before the increment)
   */
  public record Proof(int sequence, String mac, String tac) {}
}
