package org.gaskiosk.sim.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gaskiosk.sim.card.CardBench.HOST_TIME;
import static org.gaskiosk.sim.card.CardBench.TERMINAL;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.gaskiosk.core.domain.CardSnapshot;
import org.gaskiosk.core.port.CardOpening;
import org.gaskiosk.core.port.CardOpening.RefusalReason;
import org.gaskiosk.core.port.CardResult;
import org.gaskiosk.core.port.LoadInit;
import org.gaskiosk.core.port.PurseSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every card suite shares: a bench over a fresh folder, reached through the transport a
 * subclass names, and the helpers that play the central system's part.
 */
abstract class CardSuiteBase {
  static final String MONEY = SimCardFixtures.MONEY_PURSE.cardNo();

  @TempDir Path folder;
  CardBench bench;

  /** How the reader reaches the slot. */
  protected abstract CardTransport.Factory transport();

  @BeforeEach
  void startBench() throws Exception {
    bench = new CardBench(folder, transport());
  }

  @AfterEach
  void closeBench() {
    bench.close();
  }

  /** Loads {@code amount} completely and returns the TAC. */
  byte[] load(PurseSession session, long amount) {
    LoadInit init = session.initializeForLoad(amount, TERMINAL).value();
    return session
        .creditForLoad(HOST_TIME, bench.mac2(session.snapshot().cardNo(), init, amount, HOST_TIME))
        .value();
  }

  CardSnapshot snapshotOf(String cardNo) {
    try (PurseSession session = bench.openPurse(cardNo)) {
      return session.snapshot();
    }
  }

  static void assertRefused(CardOpening opening, RefusalReason reason) {
    assertThat(opening).isInstanceOf(CardOpening.Refused.class);
    assertThat(((CardOpening.Refused) opening).reason()).isEqualTo(reason);
  }

  /** The power goes when the card reaches {@code ins} at {@code when}; tells whether it went. */
  AtomicBoolean cutPowerAt(int ins, SimCardSlot.When when) {
    AtomicBoolean cut = new AtomicBoolean();
    bench.slot.onCommand(
        (i, phase) -> {
          if (i == ins && phase == when) {
            cut.set(true);
            throw new PowerCut();
          }
        });
    return cut;
  }

  /**
   * The command died with the power. In process the {@link PowerCut} reaches the caller; through
   * pcscd the virtual card hangs up unanswered. Either way the reader never sees the command done.
   */
  static void assertPowerCut(AtomicBoolean cut, Supplier<CardResult<?>> command) {
    try {
      CardResult<?> result = command.get();
      assertThat(result.isOk()).as("a command cut by power loss returned %s", result).isFalse();
    } catch (PowerCut expected) {
      // in process
    }
    assertThat(cut).as("the power cut happened").isTrue();
  }

  /** Thrown from a command hook: the power goes at that instant. */
  static final class PowerCut extends Error {
    PowerCut() {
      super("simulated power loss");
    }
  }
}
