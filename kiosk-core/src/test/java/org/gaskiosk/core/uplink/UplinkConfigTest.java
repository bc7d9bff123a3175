package org.gaskiosk.core.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import javax.net.SocketFactory;
import org.junit.jupiter.api.Test;

class UplinkConfigTest {
  private final UplinkConfig base = UplinkConfig.defaults("tcp://127.0.0.1:1883", "K1");

  @Test
  void a_with_method_changes_only_what_it_names() {
    UplinkConfig c =
        base.withCredentials("k1", "secret")
            .withRequestTimeout(Duration.ofSeconds(3))
            .withOutbox(10, 2, Duration.ofSeconds(7), Duration.ofSeconds(1));

    assertThat(c.username()).isEqualTo("k1");
    assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.batchSize()).isEqualTo(10);
    assertThat(c.ackTimeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(c.sessionExpiry()).isEqualTo(base.sessionExpiry());
    assertThat(c.willDelay()).isEqualTo(base.willDelay());
    assertThat(c.reconnectMax()).isEqualTo(base.reconnectMax());
    assertThat(c.kioskId()).isEqualTo("K1");
    assertThat(base.username()).isNull(); // the original is untouched
  }

  @Test
  void every_copy_is_validated_again() {
    assertThatThrownBy(() -> base.withCredentials(null, "secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("password needs a username");
    assertThatThrownBy(() -> base.withSession(Duration.ofSeconds(10), Duration.ofSeconds(60)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("willDelay");
    assertThatThrownBy(() -> base.withOutbox(0, 1, Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(base::withDemoTls)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ssl://");
  }

  @Test
  void demo_tls_is_dropped_by_a_later_socket_factory_and_never_prints_the_password() {
    UplinkConfig tls =
        UplinkConfig.defaults("ssl://127.0.0.1:8883", "K1")
            .withCredentials("k1", "secret")
            .withDemoTls();
    assertThat(tls.demoTls()).isTrue();
    assertThat(tls.toString()).contains("DEMO TLS").doesNotContain("secret");

    assertThat(tls.withSocketFactory(SocketFactory.getDefault()).demoTls()).isFalse();
  }
}
