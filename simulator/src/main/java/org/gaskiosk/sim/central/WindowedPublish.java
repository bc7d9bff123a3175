package org.gaskiosk.sim.central;

import java.time.Duration;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.gaskiosk.core.uplink.ConnectionSupervisor;

/**
 * The central answers a whole fleet and may find the broker's in-flight window full (Paho throws
 * rather than waits): it waits for a pending publish to complete and tries again, up to a bound.
 * Never on Paho's callback thread.
 */
final class WindowedPublish {
  private WindowedPublish() {}

  static IMqttToken publish(
      ConnectionSupervisor supervisor,
      String topic,
      byte[] payload,
      boolean retained,
      MqttProperties properties,
      Duration maxWait)
      throws MqttException {
    long deadline = System.nanoTime() + maxWait.toNanos();
    while (true) {
      try {
        return supervisor.publish(topic, payload, 1, retained, properties);
      } catch (MqttException e) {
        if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT
            || System.nanoTime() > deadline) {
          throw e;
        }
        IMqttToken[] pending = supervisor.pendingPublishes();
        if (pending.length > 0) {
          try {
            pending[0].waitForCompletion(50);
          } catch (MqttException timeoutOrFailure) {
            // the window is still full or that publish failed: look again
          }
        }
      }
    }
  }
}
