package org.gaskiosk.core.engine;

import java.util.List;
import org.gaskiosk.core.port.CardResult;
import org.gaskiosk.core.port.CardServiceResult;
import org.gaskiosk.core.port.MemoryCardSession;
import org.gaskiosk.core.port.MemoryCardSession.PscCheck;

/**
 * Opens writing on an SLE4442 with what card.service handed out, and nothing else. The hazard: the
 * card counts every wrong PSC and locks for ever after the third. So a PSC is presented only to a
 * card whose error counter shows all three tries (a spent try means someone else guessed: a person
 * decides), only the one or two PSCs the central named (after an interrupted load the card holds
 * either the PSC that load set or the one before, nothing else), each at most once, and never again
 * after a wrong answer leaves fewer than two tries. A right PSC restores all three, so the worst
 * this can leave behind is one try spent of three, and only on a card that refused both PSCs.
 */
final class PscUnlock {
  private PscUnlock() {}

  /** What presenting led to. */
  sealed interface Outcome {}

  /** Writing is open for this power session; {@code psc} is the PSC the card holds. */
  record Unlocked(byte[] psc) implements Outcome {}

  /**
   * Nothing more is presented.
   *
   * @param cardLeft the card was pulled during a command
   */
  record Stopped(String reason, boolean cardLeft) implements Outcome {}

  static Outcome unlock(MemoryCardSession card, CardServiceResult.Service service) {
    CardResult<Integer> tries = card.pscTriesLeft();
    if (!tries.isOk()) {
      return new Stopped(tries.describe(), tries instanceof CardResult.Removed);
    }
    if (tries.value() != 3) {
      return new Stopped(
          "psc-tries-spent: the card shows "
              + tries.value()
              + " PSC tries left; no PSC is presented until staff decide",
          false);
    }
    List<byte[]> candidates = service.pscsToPresent();
    int left = 3;
    for (byte[] psc : candidates) {
      if (left < 2) {
        break; // never spend the card's last try
      }
      CardResult<PscCheck> check = card.presentPsc(psc);
      if (!check.isOk()) {
        // Whether it spent a try shows in the counter next time, which then stops everything.
        return new Stopped(
            "PSC presentation: " + check.describe(), check instanceof CardResult.Removed);
      }
      if (check.value().accepted()) {
        return new Unlocked(psc);
      }
      left = check.value().triesLeft();
    }
    return new Stopped(
        "psc-refused: the card refused "
            + (candidates.size() == 1 ? "the PSC" : "both PSCs")
            + " the central system holds ("
            + left
            + " tries left); staff must check the card",
        false);
  }
}
