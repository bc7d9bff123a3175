package org.gaskiosk.sim.gpio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gaskiosk.core.port.Indicators.Mode;
import org.gaskiosk.hw.gpio.GpioConfig;
import org.gaskiosk.hw.gpio.GpioIndicators.Output;
import org.gaskiosk.hw.gpio.GpioInputs.Switch;
import org.gaskiosk.hw.gpio.GpioInputs.SwitchState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The production GPIO adapters on the simulator's mock context, with real time. */
class SimGpioTest {
  private final SimGpio gpio = SimGpio.start(GpioConfig.typicalWiring(), Clock.systemUTC());
  private final List<String> changes = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    gpio.close();
  }

  @Test
  void the_body_starts_dark_with_the_door_and_cabinet_closed() {
    for (Output o : Output.values()) {
      assertThat(gpio.indicators().isOn(o)).as(o.name()).isFalse();
    }
    assertThat(gpio.state())
        .containsEntry("cashBoxDoor", "closed")
        .containsEntry("cabinetTamper", "closed");
  }

  @Test
  void opening_and_closing_the_door_reaches_the_listener_in_order() {
    gpio.inputs().addListener((which, state) -> changes.add(which + " " + state));

    gpio.cashBoxDoor(true);
    await().atMost(Duration.ofSeconds(2)).until(() -> changes.size() == 1);
    gpio.cashBoxDoor(false);
    await().atMost(Duration.ofSeconds(2)).until(() -> changes.size() == 2);

    assertThat(changes).containsExactly("CASH_BOX_DOOR OPEN", "CASH_BOX_DOOR CLOSED");
  }

  @Test
  void the_tamper_switch_is_reported_on_its_own() {
    gpio.cabinetTamper(true);

    await()
        .atMost(Duration.ofSeconds(2))
        .until(() -> gpio.inputs().state(Switch.CABINET_TAMPER) == SwitchState.OPEN);
    assertThat(gpio.inputs().state(Switch.CASH_BOX_DOOR)).isEqualTo(SwitchState.CLOSED);
  }

  @Test
  void a_beep_ends_by_itself() {
    gpio.indicators().beep();
    assertThat(gpio.state()).containsEntry("buzzer", true);

    await().atMost(Duration.ofSeconds(2)).until(() -> gpio.state().get("buzzer").equals(false));
  }

  @Test
  void closing_puts_the_outputs_back_off() {
    gpio.indicators().mode(Mode.IN_SERVICE);
    gpio.indicators().cardSlotLight(true);

    gpio.close();

    assertThat(gpio.indicators().isOn(Output.GREEN_LED)).isFalse();
    assertThat(gpio.indicators().isOn(Output.CARD_SLOT_LIGHT)).isFalse();
  }
}
