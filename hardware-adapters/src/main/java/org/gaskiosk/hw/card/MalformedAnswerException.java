package org.gaskiosk.hw.card;

/**
 * A card answer that does not fit the profile. Checked and package-private on purpose: parsers
 * throw it, and the session turns it into a {@code Failed} value at the boundary, so garbage from a
 * card never escapes as an exception.
 */
final class MalformedAnswerException extends Exception {
  MalformedAnswerException(String message) {
    super(message);
  }
}
