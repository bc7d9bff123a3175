package org.gaskiosk.hw.card;

import java.util.Map;

/** ISO 7816-4 and PBOC purse status words, with the meaning card.md gives them. */
public final class StatusWords {
  public static final int OK = 0x9000;
  public static final int WRONG_LENGTH = 0x6700;
  public static final int SELECTED_FILE_INVALIDATED = 0x6283;
  public static final int SECURITY_STATUS = 0x6982;
  public static final int BLOCKED = 0x6983;
  public static final int CONDITIONS_OF_USE = 0x6985;
  public static final int NO_CURRENT_EF = 0x6986;
  public static final int WRONG_MAC = 0x6988;
  public static final int WRONG_DATA = 0x6A80;
  public static final int FUNCTION_NOT_SUPPORTED = 0x6A81;
  public static final int FILE_NOT_FOUND = 0x6A82;
  public static final int RECORD_NOT_FOUND = 0x6A83;
  public static final int WRONG_P1P2 = 0x6A86;
  public static final int INS_NOT_SUPPORTED = 0x6D00;
  public static final int CLA_NOT_SUPPORTED = 0x6E00;
  public static final int MAC2_INVALID = 0x9302;
  public static final int APPLICATION_LOCKED = 0x9303;
  public static final int COUNTER_AT_MAXIMUM = 0x9402;
  public static final int KEY_INDEX_NOT_SUPPORTED = 0x9403;
  public static final int NO_TRANSACTION_PROOF = 0x9406;

  private static final Map<Integer, String> MEANINGS =
      Map.ofEntries(
          Map.entry(OK, "ok"),
          Map.entry(WRONG_LENGTH, "wrong length"),
          Map.entry(SELECTED_FILE_INVALIDATED, "selected application invalidated (locked)"),
          Map.entry(SECURITY_STATUS, "security status not satisfied"),
          Map.entry(BLOCKED, "authentication method blocked"),
          Map.entry(CONDITIONS_OF_USE, "conditions of use not satisfied"),
          Map.entry(NO_CURRENT_EF, "command not allowed (no current file)"),
          Map.entry(WRONG_MAC, "wrong secure-messaging MAC"),
          Map.entry(WRONG_DATA, "incorrect data field"),
          Map.entry(FUNCTION_NOT_SUPPORTED, "function not supported / application locked"),
          Map.entry(FILE_NOT_FOUND, "file or application not found"),
          Map.entry(RECORD_NOT_FOUND, "record not found"),
          Map.entry(WRONG_P1P2, "incorrect P1/P2"),
          Map.entry(INS_NOT_SUPPORTED, "instruction not supported"),
          Map.entry(CLA_NOT_SUPPORTED, "class not supported"),
          Map.entry(MAC2_INVALID, "MAC2 invalid"),
          Map.entry(APPLICATION_LOCKED, "application locked for ever"),
          Map.entry(COUNTER_AT_MAXIMUM, "transaction counter at its maximum"),
          Map.entry(KEY_INDEX_NOT_SUPPORTED, "key index not supported"),
          Map.entry(NO_TRANSACTION_PROOF, "transaction proof not available"));

  private StatusWords() {}

  /** A human-readable meaning, never null. */
  public static String meaning(int sw) {
    String known = MEANINGS.get(sw);
    if (known != null) {
      return known;
    }
    int sw1 = sw >> 8;
    if (sw1 == 0x61) {
      return "more data available (" + (sw & 0xFF) + " bytes)";
    } else if (sw1 == 0x6C) {
      return "wrong Le, " + (sw & 0xFF) + " bytes available";
    } else if (sw1 == 0x63 && (sw & 0xF0) == 0xC0) {
      return "verification failed, " + (sw & 0x0F) + " tries left";
    }
    return "unknown status word";
  }

  /** Whether the status word says the purse application is locked or blocked. */
  public static boolean meansLocked(int sw) {
    return sw == SELECTED_FILE_INVALIDATED
        || sw == APPLICATION_LOCKED
        || sw == FUNCTION_NOT_SUPPORTED
        || sw == BLOCKED;
  }

  public static String hex(int sw) {
    return String.format("%04X", sw);
  }
}
