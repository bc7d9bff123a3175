package org.gaskiosk.core.engine;

/** The answer to a touchscreen or automation action. */
public sealed interface ActionOutcome {

  /** The action was taken; {@code view} is the state after it. */
  record Done(KioskView view) implements ActionOutcome {}

  /**
   * The action was refused and nothing changed.
   *
   * @param status the HTTP status the API answers with (400 invalid body, 404 unknown action, 409
   *     wrong screen)
   * @param error a machine-readable code
   * @param message a sentence for whoever sent it
   */
  record Rejected(int status, String error, String message) implements ActionOutcome {}
}
