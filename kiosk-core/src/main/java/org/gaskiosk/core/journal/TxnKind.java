package org.gaskiosk.core.journal;

/** What a recharge is for. */
public enum TxnKind {
  /** The resident pays at this kiosk and the value is loaded. */
  PURCHASE,
  /** Orders paid elsewhere (online) are loaded; no money changes hands here. */
  PICKUP
}
