package org.gaskiosk.core.engine;

import org.gaskiosk.core.journal.Txn;

/** How an attempt to put a paid transaction's value onto the card ended. */
sealed interface LoadOutcome {
  Txn txn();

  /** The card confirmed the load; the transaction is COMPLETED. */
  record Loaded(Txn txn) implements LoadOutcome {}

  /** Paid but not loaded; PENDING_CREDIT, loaded at the next insertion. */
  record Pending(Txn txn) implements LoadOutcome {}

  /**
   * Nothing of the resident's money was involved (a pickup that could not be loaded); CANCELLED.
   */
  record Cancelled(Txn txn) implements LoadOutcome {}

  /**
   * CREDIT FOR LOAD was sent and the card left before answering: WRITING until the card is seen
   * again.
   */
  record Uncertain(Txn txn) implements LoadOutcome {}

  /** The pending credit had already been picked up by another transaction; LOADED_ELSEWHERE. */
  record LoadedElsewhere(Txn txn) implements LoadOutcome {}
}
