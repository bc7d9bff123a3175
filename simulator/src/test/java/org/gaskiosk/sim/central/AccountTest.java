package org.gaskiosk.sim.central;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.gaskiosk.core.domain.CardUnit;
import org.junit.jupiter.api.Test;

class AccountTest {
  private static String masked(String holder) {
    return Account.of("1", holder, CardUnit.FEN).maskedHolder();
  }

  @Test
  void the_holder_is_shown_with_only_the_first_and_last_character() {
    assertThat(masked("张三丰")).isEqualTo("张*丰");
    assertThat(masked("李四")).isEqualTo("李*");
    assertThat(masked("Zhang San")).isEqualTo("Z*******n");
    assertThat(masked("X")).isEqualTo("X");
  }

  @Test
  void a_card_number_is_digits_only() {
    assertThatThrownBy(() -> Account.of("31-01", "x", CardUnit.FEN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
