package org.gaskiosk.core.engine;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.gaskiosk.core.domain.CardFamily;
import org.gaskiosk.core.domain.CardSnapshot;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.core.domain.MeterRecord;
import org.gaskiosk.core.port.CardLogEntry;
import org.gaskiosk.core.port.CardOpening;
import org.gaskiosk.core.port.CardReader;
import org.gaskiosk.core.port.CardResult;
import org.gaskiosk.core.port.LoadInit;
import org.gaskiosk.core.port.PurseSession;
import org.gaskiosk.core.port.TransactionProof;

/**
 * A purse card and its slot for engine unit tests: balance, online sequence and log, each command
 * applied all or nothing. MACs are not checked here (the simulator's card does the real
 * arithmetic); a fixed MAC2 is expected.
 */
final class FakePurse implements CardReader {
  static final byte[] MAC2 = {1, 2, 3, 4};

  final String cardNo;
  final CardUnit unit;
  long balance;
  int sequence;
  final List<CardLogEntry> log = new ArrayList<>();
  volatile boolean inserted;

  /** What the meter wrote back onto the card. */
  volatile MeterRecord meter = MeterRecord.NONE;

  int commands;

  /**
   * Called with (ins, "before"/"after") around each applied command; may throw to cut the power.
   */
  BiConsumer<Integer, String> hook = (ins, phase) -> {};

  /**
   * INS whose next command is torn: the card is pulled before ("before") or after ("after")
   * applying it.
   */
  Integer tearIns;

  String tearWhen;

  FakePurse(String cardNo, CardUnit unit, long balance) {
    this.cardNo = cardNo;
    this.unit = unit;
    this.balance = balance;
  }

  @Override
  public boolean isCardPresent() {
    return inserted;
  }

  @Override
  public boolean awaitPresence(boolean present, Duration timeout) {
    return inserted == present;
  }

  @Override
  public CardOpening open() {
    if (!inserted) {
      return new CardOpening.Removed("open");
    }
    commands += 4; // select, read identity, read meter record, get balance
    return new CardOpening.Opened(new Session());
  }

  @Override
  public String health() {
    return "ok";
  }

  private <T> CardResult<T> command(int ins, Supplier<T> apply) {
    if (!inserted) {
      return new CardResult.Removed<>(String.format("INS %02X", ins));
    }
    commands++;
    boolean tear = tearIns != null && tearIns == ins;
    if (tear && tearWhen.equals("before")) {
      tearIns = null;
      inserted = false;
      return new CardResult.Removed<>(String.format("INS %02X", ins));
    }
    hook.accept(ins, "before");
    T value = apply.get();
    hook.accept(ins, "after");
    if (tear) {
      tearIns = null;
      inserted = false;
      return new CardResult.Removed<>(String.format("INS %02X", ins));
    }
    return CardResult.ok(value);
  }

  private final class Session implements PurseSession {
    private Long initAmount;

    @Override
    public CardSnapshot snapshot() {
      return new CardSnapshot(cardNo, CardFamily.PURSE, unit, balance, meter);
    }

    @Override
    public CardResult<LoadInit> initializeForLoad(long amount, String terminalId) {
      return command(
          0x50,
          () -> {
            initAmount = amount;
            return new LoadInit(balance, sequence, 1, 0, new byte[4], new byte[4]);
          });
    }

    @Override
    public CardResult<byte[]> creditForLoad(LocalDateTime hostTime, byte[] mac2) {
      if (initAmount == null || !Arrays.equals(mac2, MAC2)) {
        return new CardResult.Refused<>(0x9302, "MAC2 invalid");
      }
      long amount = initAmount;
      return command(
          0x52,
          () -> {
            log.add(
                0,
                new CardLogEntry(
                    sequence, amount, CardLogEntry.TYPE_PURSE_LOAD, "001122334455", hostTime));
            balance += amount;
            sequence++;
            initAmount = null;
            return new byte[] {9, 9, 9, 9};
          });
    }

    @Override
    public CardResult<Long> balance() {
      return command(0x5C, () -> balance);
    }

    @Override
    public CardResult<Optional<TransactionProof>> transactionProve(int seq) {
      return command(
          0x5A,
          () ->
              log.stream()
                  .filter(e -> e.sequence() == seq)
                  .findFirst()
                  .map(e -> new TransactionProof(new byte[4], new byte[] {9, 9, 9, 9})));
    }

    @Override
    public CardResult<List<CardLogEntry>> readLog() {
      return command(0xB2, () -> List.copyOf(log));
    }

    @Override
    public void close() {}
  }
}
