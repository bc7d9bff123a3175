/**
 * The MQTT 5 link to the central system (contract: {@code docs/mqtt.md}). The only package of
 * kiosk-core that uses Paho: {@link org.gaskiosk.core.uplink.MqttUplink} answers the {@link
 * org.gaskiosk.core.port.CentralSystem} port, publishes the journal's outbox and keeps the retained
 * presence; {@link org.gaskiosk.core.uplink.ConnectionSupervisor} owns the one Paho client of a
 * process and its reconnects.
 */
package org.gaskiosk.core.uplink;
