package org.gaskiosk.sim.central;

import java.nio.file.Path;
import java.util.UUID;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.gaskiosk.core.uplink.UplinkConfig;
import org.gaskiosk.sim.broker.EmbeddedBroker;

/** HiveMQ embedded as the suites see it: anonymous, any client may use any topic. */
class HiveMqTestBroker implements TestBroker {
  private final String uri;

  HiveMqTestBroker(String uri) {
    this.uri = uri;
  }

  @Override
  public String name() {
    return "HiveMQ CE embedded";
  }

  @Override
  public String uri() {
    return uri;
  }

  @Override
  public String newKioskId() {
    return "K-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Override
  public UplinkConfig kiosk(String kioskId) {
    return UplinkConfig.defaults(uri(), kioskId);
  }

  @Override
  public RawClient rawKiosk(String kioskId, String clientId) throws MqttException {
    return new RawClient(uri(), clientId, null, null, null);
  }

  @Override
  public RawClient rawCentral(String clientId) throws MqttException {
    return new RawClient(uri(), clientId, null, null, null);
  }

  @Override
  public CentralConfig central(Path dataFolder, String clientId, LoadKeys keys) {
    return TestBroker.centralDefaults(uri(), dataFolder, clientId, null, null, keys);
  }

  @Override
  public Restartable restartable(Path folder) {
    EmbeddedBroker broker = new EmbeddedBroker(folder, 0);
    return new RestartableHiveMq(broker);
  }

  private static final class RestartableHiveMq extends HiveMqTestBroker implements Restartable {
    private final EmbeddedBroker broker;

    RestartableHiveMq(EmbeddedBroker broker) {
      super(broker.uri());
      this.broker = broker;
    }

    @Override
    public void start() {
      broker.start();
    }

    @Override
    public void stop() {
      broker.stop();
    }

    @Override
    public void close() {
      broker.close();
    }
  }
}
