package org.gaskiosk.core.port;

import java.util.List;
import org.gaskiosk.core.domain.Tariff;
import org.gaskiosk.core.domain.Volume;

/** The central system's answer to card.lookup. */
public sealed interface LookupResult {

  /**
   * The account behind the card.
   *
   * @param holder the account holder's name, masked for the screen
   * @param safety the safety status of the installation
   * @param safetyNotice text for the resident, empty when none
   * @param orders value waiting to be loaded onto this card (online orders, pending credits)
   * @param cycleVolume volume already bought in this tariff cycle
   * @param tariff the tariff in force for this account
   * @param uncertain loads another kiosk started writing onto this card and never confirmed: the
   *     card's own evidence decides them (see {@link UncertainLoad})
   */
  record Account(
      String holder,
      Safety safety,
      String safetyNotice,
      List<Order> orders,
      Volume cycleVolume,
      Tariff tariff,
      List<UncertainLoad> uncertain)
      implements LookupResult {
    public Account {
      orders = List.copyOf(orders);
      uncertain = List.copyOf(uncertain);
    }

    /** An account with no uncertain loads. */
    public Account(
        String holder,
        Safety safety,
        String safetyNotice,
        List<Order> orders,
        Volume cycleVolume,
        Tariff tariff) {
      this(holder, safety, safetyNotice, orders, cycleVolume, tariff, List.of());
    }
  }

  /**
   * A load a kiosk journaled as WRITING (txn.writing) that the central system has not seen
   * completed or resolved: it may or may not be on the card.
   *
   * @param txnId the writing kiosk's transaction
   * @param kioskId the writing kiosk
   * @param amount in the card's unit
   * @param money in fen
   * @param sequence the purse online sequence the load used (before the increment)
   * @param terminalId the writing kiosk's terminal id, 12 hex digits (in the card's log record)
   */
  record UncertainLoad(
      String txnId, String kioskId, long amount, long money, int sequence, String terminalId) {}

  /** The card is not known to the central system. */
  record Unknown(String message) implements LookupResult {}

  /** No answer in time, or the link is down. */
  record Unreachable(String message) implements LookupResult {}

  /** Safety status of the account's installation. */
  enum Safety {
    OK,
    /** An inspection is due soon; loading is allowed, the resident is reminded. */
    INSPECTION_DUE,
    /** Uninspected or hazardous: no new purchase until the safety team clears it. */
    HOLD
  }

  /**
   * Value waiting for this card.
   *
   * @param orderId the central system's id
   * @param kind "online" (paid elsewhere) or "pending" (paid at a kiosk, not yet loaded)
   * @param amount in the card's unit
   * @param money what was paid, in fen
   * @param description text for the resident
   */
  record Order(String orderId, String kind, long amount, long money, String description) {}
}
