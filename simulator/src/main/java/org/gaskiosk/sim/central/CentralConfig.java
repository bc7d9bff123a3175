package org.gaskiosk.sim.central;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the central simulator runs.
 *
 * @param brokerUri the broker the fleet uses, e.g. {@code tcp://127.0.0.1:1883}
 * @param dataFolder its files go to {@code dataFolder/central}: {@code state.json} (accounts and
 *     ledger) and, when {@code loadKeys} is null, {@code load-master-key.hex}
 * @param clientId the MQTT client id (one central per broker)
 * @param username broker user, or null
 * @param password broker password, or null; never logged
 * @param loadKeys where card load keys come from; null to load or create the issuer master key in
 *     the data folder at start
 * @param sessionExpiry how long the broker queues events and requests while the central is away
 */
public record CentralConfig(
    String brokerUri,
    Path dataFolder,
    String clientId,
    String username,
    String password,
    LoadKeys loadKeys,
    Duration sessionExpiry) {

  public CentralConfig {
    Objects.requireNonNull(brokerUri, "brokerUri");
    Objects.requireNonNull(dataFolder, "dataFolder");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(sessionExpiry, "sessionExpiry");
  }

  /** Client id {@code central-sim}, anonymous, key from the data folder, one day of session. */
  public static CentralConfig of(String brokerUri, Path dataFolder) {
    return new CentralConfig(
        brokerUri, dataFolder, "central-sim", null, null, null, Duration.ofDays(1));
  }

  public CentralConfig withLoadKeys(LoadKeys loadKeys) {
    return new CentralConfig(
        brokerUri, dataFolder, clientId, username, password, loadKeys, sessionExpiry);
  }

  public CentralConfig withCredentials(String username, String password) {
    return new CentralConfig(
        brokerUri, dataFolder, clientId, username, password, loadKeys, sessionExpiry);
  }

  Path stateFile() {
    return dataFolder.resolve("central").resolve("state.json");
  }

  Path masterKeyFile() {
    return dataFolder.resolve("central").resolve("load-master-key.hex");
  }

  @Override
  public String toString() {
    return "CentralConfig[brokerUri="
        + brokerUri
        + ", dataFolder="
        + dataFolder
        + ", clientId="
        + clientId
        + ", username="
        + username
        + ", password="
        + (password == null ? "none" : "***")
        + "]";
  }
}
