package org.gaskiosk.core.port;

/** What a banknote acceptor reports to the engine. */
public interface BillListener {

  /** A note of {@code valueFen} waits in escrow. Must answer fast and never wait on the network. */
  EscrowDecision onEscrow(long valueFen);

  /**
   * The note was stacked. Returns only after the credit is durable; the driver then acknowledges
   * the device. Called again with the same {@code noteId} when the device repeats VEND VALID after
   * a lost acknowledgement: that second call must credit nothing.
   *
   * @param noteId the driver's identifier for this physical note, stable across repeats
   */
  void onStacked(String noteId, long valueFen);

  /** A note was refused or returned, with the device's reason. */
  void onReturned(long valueFen, String reason);

  /** Escrow decision. */
  enum EscrowDecision {
    STACK,
    RETURN
  }
}
