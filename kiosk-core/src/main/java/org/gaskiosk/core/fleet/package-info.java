/**
 * Fleet operations (issue 5): faults as a lifecycle and the kiosk mode that follows from them,
 * telemetry, signed remote commands and signed configuration. No MQTT library here: the uplink
 * implements {@link org.gaskiosk.core.fleet.FleetLink}, the engine implements {@link
 * org.gaskiosk.core.fleet.KioskControl}, and the journal records the events.
 */
package org.gaskiosk.core.fleet;
