package org.gaskiosk.core.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import org.gaskiosk.core.domain.CardFamily;
import org.gaskiosk.core.domain.CardSnapshot;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.core.domain.MeterRecord;
import org.gaskiosk.core.port.AuthorizeRequest;
import org.gaskiosk.core.port.AuthorizeResult;
import org.gaskiosk.core.port.LoadInit;
import org.gaskiosk.core.port.LookupRequest;
import org.gaskiosk.core.port.LookupResult;
import org.junit.jupiter.api.Test;

/** The uplink with no broker at all: every answer is a value, and close() leaves nothing behind. */
class MqttUplinkWithoutBrokerTest {

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static long threadsNamed(String part) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().contains(part))
        .count();
  }

  @Test
  void answers_unreachable_at_once_while_the_broker_is_down_and_leaks_no_thread_on_close()
      throws IOException {
    UplinkConfig config =
        UplinkConfig.defaults("tcp://127.0.0.1:" + closedPort(), "K-nobroker")
            .withReconnect(Duration.ofMillis(50), Duration.ofMillis(200));
    InMemoryOutbox outbox = new InMemoryOutbox();
    outbox.append("cash.accepted", "{}");
    MqttUplink uplink = new MqttUplink(config, outbox, Clock.systemUTC(), "boot-1");
    uplink.start();

    CardSnapshot card =
        new CardSnapshot("3100000000000001", CardFamily.PURSE, CardUnit.FEN, 0, MeterRecord.NONE);
    long before = System.nanoTime();
    LookupResult lookup = uplink.lookup(new LookupRequest("r-1", card));
    AuthorizeResult auth =
        uplink.authorize(
            new AuthorizeRequest(
                "r-2",
                "t-1",
                "3100000000000001",
                100,
                100,
                "001122334455",
                new LoadInit(0, 0, 1, 0, new byte[4], new byte[4]),
                LocalDateTime.of(2026, 1, 1, 0, 0),
                List.of()));
    // Half the 10 s request timeout: "at once" must not become "after the timeout" on a slow
    // machine.
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));

    assertThat(lookup).isInstanceOf(LookupResult.Unreachable.class);
    assertThat(((LookupResult.Unreachable) lookup).message()).contains("not connected");
    assertThat(auth).isInstanceOf(AuthorizeResult.Unreachable.class);
    UplinkHealth health = uplink.health();
    assertThat(health.connected()).isFalse();
    assertThat(health.outboxDepth()).isEqualTo(1);
    assertThat(health.lastCentralContact()).isNull();

    uplink.close();

    await().atMost(Duration.ofSeconds(5)).until(() -> threadsNamed("K-nobroker") == 0);
  }
}
