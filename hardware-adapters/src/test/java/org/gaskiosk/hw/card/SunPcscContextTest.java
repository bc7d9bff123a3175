package org.gaskiosk.hw.card;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * card.md trap 1. The unit tests run without {@code --add-opens}; the simulator's integration tests
 * run with it and restart a real pcscd under the reader.
 */
class SunPcscContextTest {

  @Test
  void without_the_add_opens_flag_the_context_is_not_replaced_and_the_flag_is_named() {
    assertThat(SunPcscContext.unavailableReason())
        .hasValueSatisfying(why -> assertThat(why).contains(SunPcscContext.ADD_OPENS));
    assertThat(SunPcscContext.reestablish()).isFalse();
  }
}
