package org.gaskiosk.core.engine;

/**
 * What the acceptor thread may know of the purchase waiting for cash, to answer an escrow at once
 * without waiting for the engine thread. Immutable; replaced as a whole.
 *
 * @param txnId the purchase taking cash
 * @param paid what it has received so far
 * @param max the most it may receive
 */
record CashWindow(String txnId, long paid, long max) {
  boolean accepts(long note) {
    return note > 0 && paid + note <= max;
  }
}
