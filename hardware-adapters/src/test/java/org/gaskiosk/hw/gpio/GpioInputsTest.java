package org.gaskiosk.hw.gpio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gaskiosk.hw.gpio.GpioInputs.Switch.CASH_BOX_DOOR;
import static org.gaskiosk.hw.gpio.GpioInputs.SwitchState.CLOSED;
import static org.gaskiosk.hw.gpio.GpioInputs.SwitchState.OPEN;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The switches on Pi4J's mock input provider. Mock listeners fire synchronously inside {@code
 * mockState} and Pi4J swallows what they throw, so the tests assert on the changes captured here.
 */
class GpioInputsTest {
  private final Context pi4j =
      Pi4J.newContextBuilder()
          .add(MockDigitalOutputProvider.newInstance(), MockDigitalInputProvider.newInstance())
          .build();
  private final ManualTime time = new ManualTime();
  private final List<String> changes = new ArrayList<>();

  @AfterEach
  void shutdownContext() {
    pi4j.shutdown();
  }

  private GpioInputs open(GpioConfig config) {
    GpioInputs inputs = GpioInputs.open(pi4j, config, time, time.clock());
    inputs.addListener((which, state) -> changes.add(which + " " + state));
    return inputs;
  }

  private void line(String key, DigitalState level) {
    pi4j.io(key, MockDigitalInput.class).mockState(level);
  }

  @Test
  void opening_the_cash_box_door_reaches_the_listener_after_the_debounce_time() {
    GpioInputs inputs = open(GpioConfig.typicalWiring());
    assertThat(inputs.state(CASH_BOX_DOOR)).isEqualTo(CLOSED);

    line("gpio.cash-box-door", DigitalState.HIGH);
    time.advanceMillis(49);
    assertThat(changes).isEmpty();
    time.advanceMillis(1);

    assertThat(changes).containsExactly("CASH_BOX_DOOR OPEN");
    assertThat(inputs.state(CASH_BOX_DOOR)).isEqualTo(OPEN);
  }

  @Test
  void closing_the_door_again_is_reported_as_closed() {
    open(GpioConfig.typicalWiring());

    line("gpio.cash-box-door", DigitalState.HIGH);
    time.advanceMillis(100);
    line("gpio.cash-box-door", DigitalState.LOW);
    time.advanceMillis(100);

    assertThat(changes).containsExactly("CASH_BOX_DOOR OPEN", "CASH_BOX_DOOR CLOSED");
  }

  @Test
  void a_bouncing_contact_is_reported_once_when_it_settles() {
    open(GpioConfig.typicalWiring());

    for (int i = 0; i < 5; i++) {
      line("gpio.cash-box-door", DigitalState.HIGH);
      time.advanceMillis(10);
      line("gpio.cash-box-door", DigitalState.LOW);
      time.advanceMillis(10);
    }
    line("gpio.cash-box-door", DigitalState.HIGH);
    time.advanceMillis(49);
    assertThat(changes).isEmpty();
    time.advanceMillis(1);

    assertThat(changes).containsExactly("CASH_BOX_DOOR OPEN");
  }

  @Test
  void a_glitch_that_ends_where_it_started_reports_nothing() {
    open(GpioConfig.typicalWiring());

    line("gpio.cabinet-tamper", DigitalState.HIGH);
    time.advanceMillis(5);
    line("gpio.cabinet-tamper", DigitalState.LOW);
    time.advanceMillis(500);

    assertThat(changes).isEmpty();
  }

  @Test
  void the_tamper_switch_is_reported_on_its_own() {
    GpioInputs inputs = open(GpioConfig.typicalWiring());

    line("gpio.cabinet-tamper", DigitalState.HIGH);
    time.advanceMillis(50);

    assertThat(changes).containsExactly("CABINET_TAMPER OPEN");
    assertThat(inputs.state(CASH_BOX_DOOR)).isEqualTo(CLOSED);
  }

  @Test
  void a_switch_wired_open_low_reads_open_at_low() {
    GpioConfig t = GpioConfig.typicalWiring();
    GpioConfig openLow =
        new GpioConfig(
            t.greenLed(),
            t.amberLed(),
            t.redLed(),
            t.buzzer(),
            t.cardSlotLight(),
            new InputPin("gpio.cash-box-door", 5, false, InputPin.Pull.DOWN),
            t.cabinetTamper(),
            t.debounce(),
            t.beepLength());
    GpioInputs inputs = open(openLow);
    assertThat(inputs.state(CASH_BOX_DOOR)).isEqualTo(OPEN); // the mock line starts LOW

    line("gpio.cash-box-door", DigitalState.HIGH);
    time.advanceMillis(50);

    assertThat(changes).containsExactly("CASH_BOX_DOOR CLOSED");
    assertThat(pi4j.io("gpio.cash-box-door", DigitalInput.class).pull())
        .isEqualTo(PullResistance.PULL_DOWN);
  }

  @Test
  void a_failing_listener_does_not_keep_the_others_from_hearing() {
    GpioInputs inputs = GpioInputs.open(pi4j, GpioConfig.typicalWiring(), time, time.clock());
    inputs.addListener(
        (w, s) -> {
          throw new IllegalStateException("listener bug");
        });
    inputs.addListener((w, s) -> changes.add(w + " " + s));

    line("gpio.cash-box-door", DigitalState.HIGH);
    time.advanceMillis(50);

    assertThat(changes).containsExactly("CASH_BOX_DOOR OPEN");
  }

  @Test
  void after_close_the_lines_are_released_and_nothing_is_reported() {
    GpioInputs inputs = open(GpioConfig.typicalWiring());
    MockDigitalInput door = pi4j.io("gpio.cash-box-door", MockDigitalInput.class);

    inputs.close();
    door.mockState(DigitalState.HIGH);
    time.advanceMillis(100);

    assertThat(changes).isEmpty();
    assertThat(pi4j.registry().exists("gpio.cash-box-door")).isFalse();
  }

  @Test
  void the_provider_debounce_is_off_because_the_adapter_debounces() {
    open(GpioConfig.typicalWiring());
    assertThat(pi4j.io("gpio.cabinet-tamper", DigitalInput.class).config().debounce()).isZero();
  }
}
