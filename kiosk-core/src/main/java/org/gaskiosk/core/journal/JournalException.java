package org.gaskiosk.core.journal;

/** The journal's storage failed: broken infrastructure, not an expected outcome. */
public final class JournalException extends RuntimeException {
  public JournalException(String message, Throwable cause) {
    super(message, cause);
  }
}
