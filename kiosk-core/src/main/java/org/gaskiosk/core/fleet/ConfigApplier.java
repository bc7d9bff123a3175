package org.gaskiosk.core.fleet;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Applies a configuration (tariff, limits, timeouts) the central system signed. Called on the fleet
 * thread only while no customer is mid-transaction, and at start with the last applied one. The
 * composition root implements it (it owns the engine's configuration).
 */
@FunctionalInterface
public interface ConfigApplier {
  /**
   * @return null when applied, or why not (a value out of range, an unknown key), for the {@code
   *     cfg.rejected} event
   */
  String apply(long version, JsonNode config);
}
