package org.gaskiosk.core.uplink;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paho's callbacks for a {@link ConnectionSupervisor}, on Paho's thread: a lost connection is
 * handed to the supervisor's executor, a message to the owner, and nothing escapes to Paho (an
 * exception thrown back into Paho drops the connection).
 */
final class PahoCallback implements MqttCallback {
  private static final Logger log = LoggerFactory.getLogger(PahoCallback.class);

  private final String name;
  private final Consumer<String> lost;
  private final BiConsumer<String, MqttMessage> messages;

  PahoCallback(String name, Consumer<String> lost, BiConsumer<String, MqttMessage> messages) {
    this.name = name;
    this.lost = lost;
    this.messages = messages;
  }

  /** The exception and its root cause: Paho wraps a TLS refusal in a generic MqttException. */
  static String describe(Throwable cause) {
    if (cause == null) {
      return "unknown";
    }
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == cause ? cause.toString() : cause + " (cause: " + root + ")";
  }

  @Override
  public void disconnected(MqttDisconnectResponse response) {
    lost.accept(
        response.getException() != null
            ? response.getException().toString()
            : "broker sent DISCONNECT, reason " + response.getReturnCode());
  }

  @Override
  public void mqttErrorOccurred(MqttException exception) {
    log.warn("{}: MQTT error: {}", name, exception.toString());
  }

  @Override
  public void messageArrived(String topic, MqttMessage message) {
    try {
      messages.accept(topic, message);
    } catch (RuntimeException e) {
      log.error("{}: message on {} could not be handed over", name, topic, e);
    }
  }

  @Override
  public void deliveryComplete(IMqttToken token) {}

  @Override
  public void connectComplete(boolean reconnect, String serverUri) {}

  @Override
  public void authPacketArrived(int reasonCode, MqttProperties properties) {}
}
