package org.gaskiosk.core.port;

/**
 * GET TRANSACTION PROVE's answer for one transaction.
 *
 * @param mac the MAC the card kept
 * @param tac the transaction authentication code
 */
public record TransactionProof(byte[] mac, byte[] tac) {}
