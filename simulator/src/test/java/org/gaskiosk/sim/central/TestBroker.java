package org.gaskiosk.sim.central;

import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.gaskiosk.core.uplink.UplinkConfig;

/**
 * A broker the uplink and central contract suites run against, and how each role logs in to it:
 * HiveMQ embedded lets anyone in; Mosquitto wants each kiosk's own user name and password and
 * confines it to its own topic tree. The suites ask here, so the same tests run over both.
 */
interface TestBroker {
  /** For test names and messages. */
  String name();

  /** The URI kiosks and the central use. */
  String uri();

  /** A kiosk id this broker lets in, different at every call within a run. */
  String newKioskId();

  /** The uplink defaults for {@code kioskId} on this broker, with its credentials. */
  UplinkConfig kiosk(String kioskId);

  /**
   * A bare client logged in as kiosk {@code kioskId} (only its own topics if the broker checks).
   */
  RawClient rawKiosk(String kioskId, String clientId) throws MqttException;

  /** A bare client with the central system's rights: every kiosk's topics. */
  RawClient rawCentral(String clientId) throws MqttException;

  /** The central simulator's configuration on this broker. */
  CentralConfig central(Path dataFolder, String clientId, LoadKeys keys);

  /** A broker of the same kind of its own, not started, that a test may stop and start again. */
  Restartable restartable(Path folder);

  /** A broker that a test owns and may stop and start on the same port. */
  interface Restartable extends TestBroker, AutoCloseable {
    void start();

    void stop();

    @Override
    void close();
  }

  /** The central defaults of the suites: no session kept (every test starts clean). */
  static CentralConfig centralDefaults(
      String uri, Path dataFolder, String clientId, String user, String password, LoadKeys keys) {
    return new CentralConfig(uri, dataFolder, clientId, user, password, keys, Duration.ZERO);
  }
}
