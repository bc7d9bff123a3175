package org.gaskiosk.sim.central;

import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import org.gaskiosk.core.journal.OutboxStore;
import org.gaskiosk.core.uplink.MqttUplink;

/** How the tests bring up a central simulator and a kiosk's uplink beside it. */
public final class CentralFixtures {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private CentralFixtures() {}

  /**
   * Starts the central and waits until it is subscribed: a kiosk's first request is lost if it
   * comes earlier.
   */
  public static CentralSimulator startSubscribed(CentralSimulator central) throws Exception {
    central.start();
    central.requireSubscribed(Duration.ofSeconds(15));
    return central;
  }

  /**
   * Kiosk {@code kioskId}'s uplink with the suites' short request, outbox and reconnect timings,
   * started, closed with {@code closeables}, and returned once both it and the central are
   * connected.
   */
  static MqttUplink connectedUplink(
      TestBroker broker,
      String kioskId,
      OutboxStore outbox,
      CentralSimulator central,
      AutoCloseables closeables)
      throws Exception {
    MqttUplink uplink =
        closeables.add(
            new MqttUplink(
                broker
                    .kiosk(kioskId)
                    .withRequestTimeout(Duration.ofSeconds(5))
                    .withOutbox(10, 4, Duration.ofSeconds(5), Duration.ofMillis(200))
                    .withReconnect(Duration.ofMillis(100), Duration.ofSeconds(1)),
                outbox,
                Clock.systemUTC(),
                "boot-1"));
    uplink.start();
    await().atMost(WAIT).until(() -> central.isConnected() && uplink.health().connected());
    return uplink;
  }
}
