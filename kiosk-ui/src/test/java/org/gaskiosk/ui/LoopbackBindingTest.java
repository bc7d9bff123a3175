package org.gaskiosk.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoopbackBindingTest {

  @Test
  void binds_to_127_0_0_1_and_reports_the_port_the_system_chose() {
    try (RunningServer running = new RunningServer()) {
      InetSocketAddress bound = running.server.boundAddress();

      assertThat(bound.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
      assertThat(bound.getPort()).isPositive().isEqualTo(running.server.port());
    }
  }

  @Test
  void cannot_be_reached_through_the_machines_other_addresses() throws Exception {
    Optional<InetAddress> external = nonLoopbackAddress();
    assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address");
    try (RunningServer running = new RunningServer();
        Socket socket = new Socket()) {
      InetSocketAddress target = new InetSocketAddress(external.get(), running.server.port());

      assertThatThrownBy(() -> socket.connect(target, 2000)).isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void refuses_to_be_created_for_a_host_that_is_not_loopback() {
    FakeKioskApi engine = new FakeKioskApi();

    assertThatThrownBy(() -> new KioskUiServer(engine, "0.0.0.0", 8080))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("loopback");
    assertThatThrownBy(() -> new KioskUiServer(engine, "192.0.2.10", 8080))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cannot_be_started_twice() {
    try (RunningServer running = new RunningServer()) {
      assertThatThrownBy(running.server::start).isInstanceOf(IllegalStateException.class);
    }
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
    return NetworkInterface.networkInterfaces()
        .filter(LoopbackBindingTest::isUp)
        .flatMap(NetworkInterface::inetAddresses)
        .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
        .findFirst();
  }

  private static boolean isUp(NetworkInterface networkInterface) {
    try {
      return networkInterface.isUp() && !networkInterface.isLoopback();
    } catch (IOException e) {
      return false;
    }
  }
}
