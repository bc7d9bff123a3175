package org.gaskiosk.core.port;

/**
 * The card's answer to INITIALIZE FOR LOAD.
 *
 * @param oldBalance the balance before the load
 * @param sequence the online transaction sequence before the load (the load, if applied, moves it
 *     to +1)
 * @param keyVersion the load key version
 * @param algorithmId the algorithm (3DES or SM4) the MACs use
 * @param random the card's pseudo-random number for the session key
 * @param mac1 the card's MAC1, which the central system verifies
 */
public record LoadInit(
    long oldBalance, int sequence, int keyVersion, int algorithmId, byte[] random, byte[] mac1) {}
