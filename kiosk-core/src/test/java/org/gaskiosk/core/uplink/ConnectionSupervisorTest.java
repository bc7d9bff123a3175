package org.gaskiosk.core.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.random.RandomGenerator;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;

class ConnectionSupervisorTest {

  /** Accepts TCP connections and never says a word, like a broker dying with a full backlog. */
  private static final class BlackHole implements AutoCloseable {
    final ServerSocket server;
    final List<Socket> held = new CopyOnWriteArrayList<>();
    final Thread acceptor;

    BlackHole() throws IOException {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      acceptor =
          new Thread(
              () -> {
                while (!server.isClosed()) {
                  try {
                    held.add(server.accept());
                  } catch (IOException e) {
                    return;
                  }
                }
              },
              "black-hole");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void gives_up_a_connect_the_broker_never_answers_and_keeps_trying() throws Exception {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
    try (BlackHole broker = new BlackHole()) {
      ConnectionSupervisor supervisor =
          new ConnectionSupervisor(
              "test",
              "tcp://127.0.0.1:" + broker.server.getLocalPort(),
              "black-hole-client",
              () -> {
                MqttConnectionOptions o = new MqttConnectionOptions();
                o.setConnectionTimeout(1);
                o.setAutomaticReconnect(false);
                return o;
              },
              new Backoff(
                  Duration.ofMillis(50),
                  Duration.ofMillis(200),
                  RandomGenerator.of("L64X128MixRandom")),
              executor,
              new ConnectionSupervisor.Handler() {
                @Override
                public void connected(int serverReceiveMaximum, boolean sessionPresent) {}

                @Override
                public void disconnected(String reason) {}

                @Override
                public void messageArrived(String topic, MqttMessage message) {}
              });
      supervisor.start();

      await().atMost(Duration.ofSeconds(20)).until(() -> broker.held.size() >= 3);
      assertThat(supervisor.isConnected()).isFalse();
      assertThat(supervisor.lastProblem()).contains("no answer to CONNECT");
      supervisor.close(Duration.ofSeconds(1));
    } finally {
      executor.shutdownNow();
    }
  }
}
