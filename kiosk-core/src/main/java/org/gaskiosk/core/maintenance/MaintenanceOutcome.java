package org.gaskiosk.core.maintenance;

import java.util.Map;

/** The answer to a maintenance action. */
public sealed interface MaintenanceOutcome {

  /** Done; {@code result} is the action's answer (JSON-ready). */
  record Done(Map<String, Object> result) implements MaintenanceOutcome {}

  /**
   * Refused; nothing changed.
   *
   * @param status 400 bad body, 401 no or wrong visit token, 404 unknown action, 409 wrong state,
   *     423 locked out
   */
  record Rejected(int status, String error, String message) implements MaintenanceOutcome {}
}
