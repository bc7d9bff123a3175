package org.gaskiosk.core.engine;

/** An action that does not fit now: its status, code and message; nothing changed. */
final class Refusal extends RuntimeException {
  final int status;
  final String code;

  Refusal(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }
}
