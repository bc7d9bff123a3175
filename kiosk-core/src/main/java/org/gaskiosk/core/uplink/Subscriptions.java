package org.gaskiosk.core.uplink;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes a kiosk's inbound topics after every connect and says when all are granted. A SUBACK
 * of an earlier connection is ignored (each connect starts a new epoch); a refusal, typically an
 * ACL that does not let the kiosk read its own topics, is logged and retried on the next attempt.
 *
 * <p>Not thread-safe: every method runs on the uplink's executor, and {@code submit} puts Paho's
 * callbacks back there.
 */
final class Subscriptions {
  private static final Logger log = LoggerFactory.getLogger(Subscriptions.class);
  private static final int MQTT_SUBACK_FAILURE = 0x80;

  private final String kioskId;
  private final ConnectionSupervisor supervisor;
  private final String[] filters;
  private final Consumer<Runnable> submit;
  private final Supplier<Boolean> wanted;
  private final Runnable granted;
  private boolean subscribing;
  private int epoch;

  /**
   * @param wanted whether subscribing still makes sense (not ready yet, not closed)
   * @param granted runs on the executor once every filter was granted
   */
  Subscriptions(
      String kioskId,
      ConnectionSupervisor supervisor,
      String[] filters,
      Consumer<Runnable> submit,
      Supplier<Boolean> wanted,
      Runnable granted) {
    this.kioskId = kioskId;
    this.supervisor = supervisor;
    this.filters = filters.clone();
    this.submit = submit;
    this.wanted = wanted;
    this.granted = granted;
  }

  /** A new connection: earlier SUBACKs no longer count. */
  void connected() {
    epoch++;
    subscribing = false;
    attempt();
  }

  void disconnected() {
    subscribing = false;
  }

  /** Subscribes unless a subscription is under way or not wanted. */
  void attempt() {
    if (subscribing || !wanted.get() || !supervisor.isConnected()) {
      return;
    }
    subscribing = true;
    int attemptEpoch = epoch;
    try {
      supervisor.subscribe(
          filters,
          new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              submit.accept(() -> answered(attemptEpoch, token.getReasonCodes()));
            }

            @Override
            public void onFailure(IMqttToken token, Throwable cause) {
              submit.accept(
                  () -> {
                    if (attemptEpoch == epoch) {
                      subscribing = false;
                    }
                    log.warn("uplink {}: subscription failed: {}", kioskId, String.valueOf(cause));
                  });
            }
          });
    } catch (MqttException e) {
      subscribing = false;
      log.warn("uplink {}: cannot subscribe: {}", kioskId, e.toString());
    }
  }

  private void answered(int attemptEpoch, int[] reasonCodes) {
    if (attemptEpoch != epoch) {
      return; // SUBACK of an earlier connection
    }
    subscribing = false;
    if (reasonCodes != null) {
      for (int i = 0; i < reasonCodes.length; i++) {
        if (reasonCodes[i] >= MQTT_SUBACK_FAILURE) {
          log.error(
              "uplink {}: broker refused the subscription to {} (reason {})",
              kioskId,
              i < filters.length ? filters[i] : "?",
              reasonCodes[i]);
          return;
        }
      }
    }
    if (wanted.get() && supervisor.isConnected()) {
      granted.run();
    }
  }
}
