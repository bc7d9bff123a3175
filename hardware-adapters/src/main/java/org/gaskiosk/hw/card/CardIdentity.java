package org.gaskiosk.hw.card;

import java.time.LocalDate;

/**
 * The issuer/identity file (SFI 15) of the purse application.
 *
 * @param type user purse (money or volume) or one of the tool cards
 * @param cardNo 16 decimal digits
 * @param issuerId 4 decimal digits
 * @param expiry the last day the card may be used
 * @param locked the application state byte says locked
 */
public record CardIdentity(
    CardType type, String cardNo, String issuerId, LocalDate expiry, boolean locked) {}
