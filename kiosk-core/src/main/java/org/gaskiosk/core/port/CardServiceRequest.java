package org.gaskiosk.core.port;

import java.util.List;

/**
 * card.service: the kiosk sends the raw image of an SLE4442 memory card and the central system's
 * card service (the meter vendor's, in the field) answers with the bytes to write and the PSCs. The
 * kiosk knows no layout. Idempotent by {@code txnId}: a retry returns the same writes and the same
 * PSCs, so a lost answer never rotates the PSC twice.
 *
 * @param requestId correlation id of this message
 * @param txnId the journal's transaction id
 * @param cardNo the card number the kiosk read (the central checks it against the image)
 * @param amount the purchase in card units
 * @param money the money the purchase stands for, in fen
 * @param image the card's 256-byte main memory as read
 * @param orderIds the orders this load picks up (a pickup, or a resumed pending credit's own {@code
 *     pending:<txnId>}): the central reserves them as for load.authorize, so a pending credit
 *     another kiosk already loaded is refused {@code order-taken}, never loaded twice
 */
public record CardServiceRequest(
    String requestId,
    String txnId,
    String cardNo,
    long amount,
    long money,
    byte[] image,
    List<String> orderIds) {
  public CardServiceRequest {
    image = image.clone();
    orderIds = List.copyOf(orderIds);
  }

  /** A fresh purchase: no orders. */
  public CardServiceRequest(
      String requestId, String txnId, String cardNo, long amount, long money, byte[] image) {
    this(requestId, txnId, cardNo, amount, money, image, List.of());
  }

  @Override
  public byte[] image() {
    return image.clone();
  }
}
