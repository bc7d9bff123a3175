package org.gaskiosk.sim.bench;

/**
 * One purchase, insert to loaded.
 *
 * @param totalNanos from the card going in to the "done" screen
 * @param centralNanos spent waiting for the central system (lookup and authorize round trips)
 * @param cardNanos spent inside the simulated card (applying commands, writing its EEPROM file)
 * @param apdus card commands sent
 * @param engineCommits durable journal commits on the purchase's path (engine and acceptor threads)
 * @param allCommits every durable journal commit meanwhile (also the uplink's outbox deletions)
 */
record PurchaseTiming(
    long totalNanos,
    long centralNanos,
    long cardNanos,
    long apdus,
    long engineCommits,
    long allCommits) {

  /** What the controller itself spent: the total less the central system and the card. */
  long overheadNanos() {
    return totalNanos - centralNanos - cardNanos;
  }
}
