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

  /**
   * What the journal knows of the last note sent to the stacker. The driver asks after a power-up
   * with a bill in the stacker (ID003 0x42) for a note it has no memory of (the controller
   * restarted too): a note the journal credited is no reconciliation case.
   */
  default LastEscrow lastEscrow() {
    return LastEscrow.UNKNOWN;
  }

  /**
   * The newest escrow the journal recorded.
   *
   * @param known whether the journal recorded any
   * @param credited whether its VEND VALID was committed (the note is paid for)
   * @param valueFen the note's value
   * @param txnId the purchase it was for
   */
  record LastEscrow(boolean known, boolean credited, long valueFen, String txnId) {
    public static final LastEscrow UNKNOWN = new LastEscrow(false, false, 0, null);
  }

  /** Escrow decision. */
  enum EscrowDecision {
    STACK,
    RETURN
  }
}
