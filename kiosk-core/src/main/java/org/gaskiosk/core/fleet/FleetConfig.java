package org.gaskiosk.core.fleet;

import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How fleet operations run on one kiosk.
 *
 * @param kioskId the kiosk's id (commands and configuration name it; others are refused)
 * @param dataFolder where {@code fleet-state.json}, {@code commands.log} and {@code config.json}
 *     live
 * @param centralKey the central system's Ed25519 public key: the only signer of commands and
 *     configuration this kiosk obeys
 * @param requiredDevices devices without which it cannot serve
 * @param telemetryInterval how often telemetry goes out (60 s in production)
 * @param idleCheckInterval how often deferred commands and configuration look whether the customer
 *     has gone
 * @param maxCommandValidity commands valid for longer are refused: the kiosk remembers command ids
 *     that long, so the bound keeps the replay log small
 */
public record FleetConfig(
    String kioskId,
    Path dataFolder,
    PublicKey centralKey,
    Set<String> requiredDevices,
    Duration telemetryInterval,
    Duration idleCheckInterval,
    Duration maxCommandValidity) {

  public FleetConfig {
    Objects.requireNonNull(kioskId, "kioskId");
    Objects.requireNonNull(dataFolder, "dataFolder");
    Objects.requireNonNull(centralKey, "centralKey");
    requiredDevices = Set.copyOf(requiredDevices);
    positive(telemetryInterval, "telemetryInterval");
    positive(idleCheckInterval, "idleCheckInterval");
    positive(maxCommandValidity, "maxCommandValidity");
  }

  /**
   * Card reader, bill acceptor and cabinet (door alarm, staff hold) required, telemetry every 60 s,
   * idle checks every second, commands valid for at most 7 days.
   */
  public static FleetConfig defaults(String kioskId, Path dataFolder, PublicKey centralKey) {
    return new FleetConfig(
        kioskId,
        dataFolder,
        centralKey,
        Set.of("card-reader", "bill-acceptor", "cabinet"),
        Duration.ofSeconds(60),
        Duration.ofSeconds(1),
        Duration.ofDays(7));
  }

  public FleetConfig withTelemetryInterval(Duration interval) {
    return new FleetConfig(
        kioskId,
        dataFolder,
        centralKey,
        requiredDevices,
        interval,
        idleCheckInterval,
        maxCommandValidity);
  }

  public FleetConfig withIdleCheckInterval(Duration interval) {
    return new FleetConfig(
        kioskId,
        dataFolder,
        centralKey,
        requiredDevices,
        telemetryInterval,
        interval,
        maxCommandValidity);
  }

  public FleetConfig withRequiredDevices(Set<String> devices) {
    return new FleetConfig(
        kioskId,
        dataFolder,
        centralKey,
        devices,
        telemetryInterval,
        idleCheckInterval,
        maxCommandValidity);
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }
}
