package org.gaskiosk.core.maintenance;

import java.util.Map;

/**
 * What the maintenance screen and scripts ask of the kiosk (docs/automation-api.md, {@code
 * /api/maintenance/...}). Every action but {@code login} needs the token of the visit in progress.
 */
public interface MaintenanceApi {

  /** The maintenance state; without the visit's token only whether a visit runs and the lockout. */
  Map<String, Object> state(String token);

  /** Runs one action; bad input or a wrong state is refused and changes nothing. */
  MaintenanceOutcome act(String action, String token, Map<String, Object> body);
}
