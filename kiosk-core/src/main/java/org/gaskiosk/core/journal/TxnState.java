package org.gaskiosk.core.journal;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of a recharge (shared/design/architecture.md, "The recharge journal"). Intent is
 * committed before the device action it announces, the result right after.
 */
public enum TxnState {
  /** Card identified, txnId stored, card snapshot taken. */
  CREATED,
  /** Amount, volume per tier and tariff version frozen. */
  QUOTED,
  /** At least one banknote credited; {@code paid} grows note by note. */
  PAYING,
  /** Payment complete (or nothing to pay: a pickup of orders paid elsewhere). */
  PAID,
  /** The central system returned MAC2 for exactly this card, sequence and amount. */
  AUTHORIZED,
  /** Committed immediately before CREDIT FOR LOAD is sent; after a crash the card must be asked. */
  WRITING,
  /** The card confirmed the load (TAC, or its own evidence afterwards). */
  LOADED,
  /** Receipt printed or its failure recorded; txn.completed is in the outbox. Terminal. */
  COMPLETED,
  /** Nothing was paid (or the orders were released). Terminal. */
  CANCELLED,
  /**
   * Paid but not loaded; the next insertion of the card loads it. Resting state: it can be resumed.
   */
  PENDING_CREDIT,
  /** A pending credit that another transaction (at any kiosk) loaded onto the card. Terminal. */
  LOADED_ELSEWHERE;

  private static final Set<TxnState> TERMINAL = EnumSet.of(COMPLETED, CANCELLED, LOADED_ELSEWHERE);

  public boolean isTerminal() {
    return TERMINAL.contains(this);
  }

  /** The states a transaction may move to from this one. */
  public Set<TxnState> next() {
    return switch (this) {
      case CREATED -> EnumSet.of(QUOTED, CANCELLED);
      case QUOTED -> EnumSet.of(QUOTED, PAYING, PAID, CANCELLED);
      case PAYING -> EnumSet.of(PAYING, PAID, PENDING_CREDIT, CANCELLED);
      case PAID -> EnumSet.of(AUTHORIZED, PENDING_CREDIT, CANCELLED, LOADED_ELSEWHERE);
      case AUTHORIZED -> EnumSet.of(WRITING, PAID, PENDING_CREDIT, CANCELLED);
      // WRITING -> PAID only when the card proved the load was not applied (same sequence).
      case WRITING -> EnumSet.of(LOADED, PAID, PENDING_CREDIT, CANCELLED);
      case LOADED -> EnumSet.of(COMPLETED);
      case PENDING_CREDIT -> EnumSet.of(PAID, LOADED_ELSEWHERE);
      case COMPLETED, CANCELLED, LOADED_ELSEWHERE -> EnumSet.noneOf(TxnState.class);
    };
  }

  public boolean canMoveTo(TxnState target) {
    return next().contains(target);
  }
}
