package org.gaskiosk.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.gaskiosk.core.port.Indicators;
import org.junit.jupiter.api.Test;

class BodySignalsTest {
  private final List<String> beeps = new ArrayList<>();
  private final Indicators buzzer =
      new Indicators() {
        @Override
        public void mode(Mode mode) {}

        @Override
        public void cardSlotLight(boolean on) {}

        @Override
        public void beep() {
          beeps.add("beep");
        }

        @Override
        public void shutdown() {}
      };

  @Test
  void the_buzzer_says_card_ready_and_take_your_card_and_nothing_else() {
    BodySignals.screenChanged(buzzer, Screen.READING, true);
    assertThat(beeps).isEmpty();
    BodySignals.screenChanged(buzzer, Screen.ACCOUNT, true);
    assertThat(beeps).hasSize(1);
    BodySignals.screenChanged(buzzer, Screen.CASH, true);
    BodySignals.screenChanged(buzzer, Screen.DONE, true);
    assertThat(beeps).hasSize(2);
    BodySignals.screenChanged(buzzer, Screen.PENDING, false); // the card is gone already
    BodySignals.screenChanged(buzzer, Screen.IDLE, false);
    assertThat(beeps).hasSize(2);
  }
}
