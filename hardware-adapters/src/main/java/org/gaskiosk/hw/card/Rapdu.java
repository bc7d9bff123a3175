package org.gaskiosk.hw.card;

/**
 * A complete response: the data (after any GET RESPONSE chaining) and the final status word.
 *
 * @param data the response data without the status word
 * @param sw the status word, {@code SW1 << 8 | SW2}
 */
record Rapdu(byte[] data, int sw) {
  boolean isOk() {
    return sw == StatusWords.OK;
  }
}
