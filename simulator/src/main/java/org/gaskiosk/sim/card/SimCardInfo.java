package org.gaskiosk.sim.card;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One row of {@code GET /sim/cards} (automation-api.md), ready for Jackson.
 *
 * @param cardNo the card number
 * @param family {@code purse}, {@code sle4442}, {@code tool}, or {@code other} for test-only cards
 *     (foreign application, mute)
 * @param unit {@code fen} or {@code centi-m3}
 * @param balance the value on the card in {@code unit} (for a memory card: the gas area not yet
 *     taken by the meter)
 * @param sequence the purse online sequence; null for other families
 * @param purchaseCount the memory card's purchase count; null for other families
 * @param inserted whether the card is in the slot
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SimCardInfo(
    String cardNo,
    String family,
    String unit,
    long balance,
    Integer sequence,
    Integer purchaseCount,
    boolean inserted) {}
