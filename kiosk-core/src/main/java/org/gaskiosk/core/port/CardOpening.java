package org.gaskiosk.core.port;

import org.gaskiosk.core.domain.CardSnapshot;

/** What inserting a card led to. */
public sealed interface CardOpening {

  /** A card this kiosk can load; the session is open until {@link PurseSession#close()}. */
  record Opened(PurseSession session) implements CardOpening {}

  /** A card the kiosk must refuse, with the reason the resident is shown. */
  record Refused(RefusalReason reason, String detail) implements CardOpening {}

  /**
   * An SLE4442 memory card: the reader's card profile read its identity (number, what waits for the
   * meter); loads go through the central's card.service. Open until {@link
   * MemoryCardSession#close()}.
   */
  record MemoryOpened(MemoryCardSession session, CardSnapshot snapshot) implements CardOpening {}

  /** The card went away while being read. */
  record Removed(String during) implements CardOpening {}

  /**
   * The card answered nonsense or the reader failed; the kiosk shows an error and changes nothing.
   */
  record Failed(String message) implements CardOpening {}

  /** Why a card is refused. */
  enum RefusalReason {
    /**
     * No gas application of this utility on the card (another utility's card, a bank card, inserted
     * upside down).
     */
    UNKNOWN_CARD,
    /** A setting, recovery, management or account-opening card: a tool for staff, never loaded. */
    TOOL_CARD,
    /** A family this kiosk cannot load yet. */
    UNSUPPORTED_CARD,
    /** The application is locked or blocked. */
    LOCKED,
    /** The card's validity has ended. */
    EXPIRED,
    /** The card does not answer. */
    MUTE
  }
}
