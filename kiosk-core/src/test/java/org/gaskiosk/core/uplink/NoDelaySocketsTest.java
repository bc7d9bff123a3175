package org.gaskiosk.core.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;

class NoDelaySocketsTest {

  @Test
  void an_unconnected_socket_as_paho_creates_it_has_nagle_off_and_keeps_it_once_connected()
      throws IOException {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket s = NoDelaySockets.forUri("tcp://127.0.0.1:1883").createSocket()) {
      assertThat(s.getTcpNoDelay()).isTrue();
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
      assertThat(s.getTcpNoDelay()).isTrue();
    }
  }

  @Test
  void the_plain_jvm_default_would_leave_nagle_on() throws IOException {
    // What Paho gets without the wrapper: the reason the wrapper exists.
    try (Socket s = SocketFactory.getDefault().createSocket()) {
      assertThat(s.getTcpNoDelay()).isFalse();
    }
  }

  @Test
  void a_tls_factory_stays_a_tls_factory_because_paho_requires_one_for_ssl_uris()
      throws IOException {
    SocketFactory f = NoDelaySockets.forUri("ssl://broker.example:8883");

    assertThat(f).isInstanceOf(SSLSocketFactory.class);
    try (Socket s = f.createSocket()) {
      assertThat(s.getTcpNoDelay()).isTrue();
    }
  }

  @Test
  void wrapping_twice_gives_the_same_factory() {
    SocketFactory once = NoDelaySockets.wrap(SocketFactory.getDefault());

    assertThat(NoDelaySockets.wrap(once)).isSameAs(once);
  }
}
