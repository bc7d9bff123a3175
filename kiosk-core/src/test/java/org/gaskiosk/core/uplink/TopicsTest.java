package org.gaskiosk.core.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicsTest {
  @Test
  void builds_every_topic_under_the_kiosk_root() {
    Topics t = new Topics("K-0001");
    assertThat(t.status()).isEqualTo("kiosk/v1/K-0001/status");
    assertThat(t.events()).isEqualTo("kiosk/v1/K-0001/evt");
    assertThat(t.ack()).isEqualTo("kiosk/v1/K-0001/ack");
    assertThat(t.request("card.lookup")).isEqualTo("kiosk/v1/K-0001/req/card.lookup");
    assertThat(t.responses()).isEqualTo("kiosk/v1/K-0001/res");
  }

  @Test
  void parses_the_kiosk_and_the_rest_of_a_topic() {
    assertThat(Topics.parse("kiosk/v1/K1/req/load.authorize"))
        .contains(new Topics.Parsed("K1", "req/load.authorize"));
    assertThat(Topics.parse("kiosk/v1/K1/evt")).contains(new Topics.Parsed("K1", "evt"));
    assertThat(Topics.parse("kiosk/v2/K1/evt")).isEmpty();
    assertThat(Topics.parse("kiosk/v1/K1")).isEmpty();
    assertThat(Topics.parse("kiosk/v1/K1/")).isEmpty();
  }

  @Test
  void refuses_ids_that_are_not_one_topic_level() {
    for (String bad : new String[] {"", "a/b", "+", "#", "k k", null}) {
      assertThatThrownBy(() -> new Topics(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
