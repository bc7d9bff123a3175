package org.gaskiosk.hw.bill.id003;

import java.util.Map;

/**
 * The ID003 command and status bytes this project uses (JCM ID003 protocol; devices.md lists the
 * same set). Plain {@code int} constants because they travel as bytes on the line.
 */
public final class Id003Codes {
  private Id003Codes() {}

  // ---- host to acceptor ---------------------------------------------------------------------
  public static final int STATUS_REQUEST = 0x11;
  public static final int ACK = 0x50;
  public static final int RESET = 0x40;
  public static final int STACK_1 = 0x41;
  public static final int STACK_2 = 0x42;
  public static final int RETURN = 0x43;
  public static final int HOLD = 0x44;
  public static final int WAIT = 0x45;

  /** Enable/inhibit per denomination: two mask bytes, a set bit inhibits (echoed back). */
  public static final int SET_DENOMINATIONS = 0xC0;

  /** High security per denomination: two mask bytes (echoed back). */
  public static final int SET_SECURITY = 0xC1;

  /** Communication mode: 0 = polling (echoed back). */
  public static final int SET_COMMUNICATION_MODE = 0xC2;

  /** Inhibit the whole acceptor: 1 = inhibited, 0 = accepting (echoed back). */
  public static final int SET_INHIBIT = 0xC3;

  /** A setting-status request is its setting command minus 0x40 (0x80 reads what 0xC0 wrote). */
  public static final int SETTING_STATUS_OFFSET = 0x40;

  public static final int VERSION_REQUEST = 0x88;

  // ---- acceptor to host ---------------------------------------------------------------------
  public static final int IDLING = 0x11;
  public static final int ACCEPTING = 0x12;
  public static final int ESCROW = 0x13;
  public static final int STACKING = 0x14;
  public static final int VEND_VALID = 0x15;
  public static final int STACKED = 0x16;
  public static final int REJECTING = 0x17;
  public static final int RETURNING = 0x18;
  public static final int HOLDING = 0x19;
  public static final int DISABLED = 0x1A;
  public static final int INITIALIZE = 0x1B;
  public static final int POWER_UP = 0x40;
  public static final int POWER_UP_BILL_IN_ACCEPTOR = 0x41;
  public static final int POWER_UP_BILL_IN_STACKER = 0x42;
  public static final int STACKER_FULL = 0x43;
  public static final int STACKER_OPEN = 0x44;
  public static final int JAM_IN_ACCEPTOR = 0x45;
  public static final int JAM_IN_STACKER = 0x46;
  public static final int PAUSE = 0x47;
  public static final int CHEATED = 0x48;
  public static final int FAILURE = 0x49;
  public static final int COMMUNICATION_ERROR = 0x4A;
  public static final int INVALID_COMMAND = 0x4B;

  private static final Map<Integer, String> STATUS_NAMES =
      Map.ofEntries(
          Map.entry(IDLING, "idling"),
          Map.entry(ACCEPTING, "accepting"),
          Map.entry(ESCROW, "escrow"),
          Map.entry(STACKING, "stacking"),
          Map.entry(VEND_VALID, "vend-valid"),
          Map.entry(STACKED, "stacked"),
          Map.entry(REJECTING, "rejecting"),
          Map.entry(RETURNING, "returning"),
          Map.entry(HOLDING, "holding"),
          Map.entry(DISABLED, "disabled"),
          Map.entry(INITIALIZE, "initialize"),
          Map.entry(POWER_UP, "power-up"),
          Map.entry(POWER_UP_BILL_IN_ACCEPTOR, "power-up-bill-in-acceptor"),
          Map.entry(POWER_UP_BILL_IN_STACKER, "power-up-bill-in-stacker"),
          Map.entry(STACKER_FULL, "stacker-full"),
          Map.entry(STACKER_OPEN, "stacker-open"),
          Map.entry(JAM_IN_ACCEPTOR, "jam-in-acceptor"),
          Map.entry(JAM_IN_STACKER, "jam-in-stacker"),
          Map.entry(PAUSE, "pause"),
          Map.entry(CHEATED, "cheated"),
          Map.entry(FAILURE, "failure"),
          Map.entry(COMMUNICATION_ERROR, "communication-error"),
          Map.entry(INVALID_COMMAND, "invalid-command"));

  private static final Map<Integer, String> REJECT_REASONS =
      Map.ofEntries(
          Map.entry(0x71, "insertion error"),
          Map.entry(0x72, "magnetic pattern error"),
          Map.entry(0x73, "return action due to residual bills"),
          Map.entry(0x74, "calibration / data amplitude error"),
          Map.entry(0x75, "conveying error"),
          Map.entry(0x76, "discrimination error for bill denomination"),
          Map.entry(0x77, "photo pattern error"),
          Map.entry(0x78, "photo level error"),
          Map.entry(0x79, "return by inhibit: denomination or direction inhibited"),
          Map.entry(0x7B, "operation error"),
          Map.entry(0x7C, "return action due to residual bills in the stacker"),
          Map.entry(0x7D, "length error"),
          Map.entry(0x7E, "color pattern error"));

  /** "escrow", "jam-in-acceptor", or "unknown-0xNN". */
  public static String statusName(int status) {
    return STATUS_NAMES.getOrDefault(status, String.format("unknown-0x%02X", status));
  }

  /** The reject reason of a REJECTING status's data byte, for the resident's log line. */
  public static String rejectReason(int code) {
    String reason = REJECT_REASONS.get(code);
    return reason != null ? reason : String.format("reject code 0x%02X", code);
  }

  /** Whether {@code status} is one of the error statuses 0x43..0x4A. */
  public static boolean isError(int status) {
    return status >= STACKER_FULL && status <= COMMUNICATION_ERROR;
  }

  /** Whether {@code status} is one of the power-up statuses 0x40..0x42. */
  public static boolean isPowerUp(int status) {
    return status >= POWER_UP && status <= POWER_UP_BILL_IN_STACKER;
  }
}
