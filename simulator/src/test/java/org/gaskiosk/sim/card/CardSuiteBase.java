package org.gaskiosk.sim.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gaskiosk.sim.card.CardBench.HOST_TIME;
import static org.gaskiosk.sim.card.CardBench.TERMINAL;

import java.nio.file.Path;
import org.gaskiosk.core.domain.CardSnapshot;
import org.gaskiosk.core.port.CardOpening;
import org.gaskiosk.core.port.CardOpening.RefusalReason;
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

  static void assertThrowsPowerCut(Runnable r) {
    assertThatThrownBy(r::run).isInstanceOf(PowerCut.class);
  }

  /** Thrown from a command hook: the power goes at that instant. */
  static final class PowerCut extends Error {
    PowerCut() {
      super("simulated power loss");
    }
  }
}
