package org.gaskiosk.hw.bill.id003;

import org.gaskiosk.hw.bill.id003.DeviceFaultListener.Severity;

/** Every fault the ID003 driver raises, with its severity and the name of its recovery event. */
public enum AcceptorFault {
  JAM_IN_ACCEPTOR("jam-in-acceptor", Severity.ERROR, "jam-cleared"),
  JAM_IN_STACKER("jam-in-stacker", Severity.ERROR, "jam-cleared"),
  STACKER_FULL("stacker-full", Severity.ERROR, "emptied"),
  CASH_BOX_REMOVED("cash-box-removed", Severity.ERROR, "box-inserted"),
  PAUSED("paused", Severity.WARNING, "resumed"),
  CHEATED("cheated", Severity.CRITICAL, "cheat-cleared"),
  FAILURE("failure", Severity.ERROR, "failure-cleared"),
  /** The acceptor itself reported 0x4A: it received a block it could not understand. */
  COMMUNICATION_ERROR("communication-error", Severity.WARNING, "communication-ok"),
  /** No valid answer for several polls in a row, or the port itself failed. */
  LINK_LOST("link-lost", Severity.ERROR, "link-restored"),
  /** Stacking, returning, accepting or rejecting for longer than the configured bound. */
  STUCK("stuck", Severity.ERROR, "moving-again"),
  /**
   * The listener could not make a stacked note's credit durable; VEND VALID stays unacknowledged.
   */
  CREDIT_FAILED("credit-failed", Severity.CRITICAL, "credited"),
  /**
   * A note may be in the cash box without a credit (power-up with a bill in the stacker, a note
   * sent to the stacker that never reached VEND VALID, a VEND VALID for a note this driver never
   * escrowed). The journal and a person decide; {@link Id003Acceptor#reconciled()} clears it.
   */
  RECONCILIATION("reconciliation", Severity.CRITICAL, "reconciled");

  private final String code;
  private final Severity severity;
  private final String recovery;

  AcceptorFault(String code, Severity severity, String recovery) {
    this.code = code;
    this.severity = severity;
    this.recovery = recovery;
  }

  public String code() {
    return code;
  }

  public Severity severity() {
    return severity;
  }

  public String recovery() {
    return recovery;
  }

  /** Whether the acceptor cannot take notes while this fault lasts. */
  public boolean blocksNotes() {
    return switch (this) {
      case JAM_IN_ACCEPTOR,
          JAM_IN_STACKER,
          STACKER_FULL,
          CASH_BOX_REMOVED,
          CHEATED,
          FAILURE,
          LINK_LOST ->
          true;
      default -> false;
    };
  }

  /** The fault an error status 0x43..0x4A stands for, or null for any other status. */
  public static AcceptorFault ofStatus(int status) {
    return switch (status) {
      case Id003Codes.STACKER_FULL -> STACKER_FULL;
      case Id003Codes.STACKER_OPEN -> CASH_BOX_REMOVED;
      case Id003Codes.JAM_IN_ACCEPTOR -> JAM_IN_ACCEPTOR;
      case Id003Codes.JAM_IN_STACKER -> JAM_IN_STACKER;
      case Id003Codes.PAUSE -> PAUSED;
      case Id003Codes.CHEATED -> CHEATED;
      case Id003Codes.FAILURE -> FAILURE;
      case Id003Codes.COMMUNICATION_ERROR -> COMMUNICATION_ERROR;
      default -> null;
    };
  }
}
