package org.gaskiosk.hw.gpio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import java.time.Duration;
import org.gaskiosk.core.port.Indicators.Mode;
import org.gaskiosk.hw.gpio.GpioIndicators.Output;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The body's outputs on Pi4J's mock providers, read back as line levels. */
class GpioIndicatorsTest {
  private final Context pi4j =
      Pi4J.newContextBuilder()
          .add(MockDigitalOutputProvider.newInstance(), MockDigitalInputProvider.newInstance())
          .build();
  private final ManualTime time = new ManualTime();

  @AfterEach
  void shutdownContext() {
    if (!pi4j.isShutdown()) {
      pi4j.shutdown();
    }
  }

  private DigitalState level(String key) {
    return pi4j.io(key, DigitalOutput.class).state();
  }

  private GpioIndicators typical() {
    return GpioIndicators.open(pi4j, GpioConfig.typicalWiring(), time);
  }

  /** The typical wiring with the red LED and the buzzer on drivers that switch on at LOW. */
  private static GpioConfig someActiveLow() {
    GpioConfig t = GpioConfig.typicalWiring();
    return new GpioConfig(
        t.greenLed(),
        t.amberLed(),
        new OutputPin("gpio.led.red", 22, false),
        new OutputPin("gpio.buzzer", 23, false),
        t.cardSlotLight(),
        t.cashBoxDoor(),
        t.cabinetTamper(),
        t.debounce(),
        t.beepLength());
  }

  @Test
  void every_output_starts_off_at_its_active_level() {
    GpioIndicators body = GpioIndicators.open(pi4j, someActiveLow(), time);

    assertThat(level("gpio.led.green")).isEqualTo(DigitalState.LOW);
    assertThat(level("gpio.led.red")).isEqualTo(DigitalState.HIGH);
    assertThat(level("gpio.buzzer")).isEqualTo(DigitalState.HIGH);
    for (Output o : Output.values()) {
      assertThat(body.isOn(o)).as(o.name()).isFalse();
    }
    assertThat(pi4j.io("gpio.led.red", DigitalOutput.class).config().shutdownState())
        .isEqualTo(DigitalState.HIGH);
  }

  @Test
  void the_status_leds_follow_the_mode_one_at_a_time() {
    GpioIndicators body = typical();

    body.mode(Mode.IN_SERVICE);
    assertThat(level("gpio.led.green")).isEqualTo(DigitalState.HIGH);
    assertThat(level("gpio.led.amber")).isEqualTo(DigitalState.LOW);
    assertThat(level("gpio.led.red")).isEqualTo(DigitalState.LOW);

    body.mode(Mode.BUSY);
    assertThat(level("gpio.led.green")).isEqualTo(DigitalState.LOW);
    assertThat(level("gpio.led.amber")).isEqualTo(DigitalState.HIGH);
    assertThat(level("gpio.led.red")).isEqualTo(DigitalState.LOW);

    body.mode(Mode.OUT_OF_SERVICE);
    assertThat(level("gpio.led.green")).isEqualTo(DigitalState.LOW);
    assertThat(level("gpio.led.amber")).isEqualTo(DigitalState.LOW);
    assertThat(level("gpio.led.red")).isEqualTo(DigitalState.HIGH);
    assertThat(body.mode()).isEqualTo(Mode.OUT_OF_SERVICE);
  }

  @Test
  void an_active_low_led_is_lit_by_driving_its_line_low() {
    GpioIndicators body = GpioIndicators.open(pi4j, someActiveLow(), time);

    body.mode(Mode.OUT_OF_SERVICE);

    assertThat(level("gpio.led.red")).isEqualTo(DigitalState.LOW);
    assertThat(body.isOn(Output.RED_LED)).isTrue();
  }

  @Test
  void the_card_slot_light_switches_on_and_off() {
    GpioIndicators body = typical();

    body.cardSlotLight(true);
    assertThat(level("gpio.card-slot-light")).isEqualTo(DigitalState.HIGH);
    body.cardSlotLight(false);
    assertThat(level("gpio.card-slot-light")).isEqualTo(DigitalState.LOW);
  }

  @Test
  void a_beep_sounds_for_the_beep_length_then_stops() {
    GpioIndicators body = typical();

    body.beep();
    assertThat(body.isOn(Output.BUZZER)).isTrue();
    time.advanceMillis(149);
    assertThat(body.isOn(Output.BUZZER)).isTrue();
    time.advanceMillis(1);
    assertThat(body.isOn(Output.BUZZER)).isFalse();
  }

  @Test
  void a_beep_during_a_beep_lasts_from_the_second_one() {
    GpioIndicators body = typical();

    body.beep();
    time.advanceMillis(100);
    body.beep();
    time.advanceMillis(100);
    assertThat(body.isOn(Output.BUZZER)).isTrue();
    time.advanceMillis(50);
    assertThat(body.isOn(Output.BUZZER)).isFalse();
  }

  @Test
  void shutdown_puts_every_output_in_its_shutdown_state_and_cancels_the_beep_end() {
    GpioIndicators body = GpioIndicators.open(pi4j, someActiveLow(), time);
    body.mode(Mode.OUT_OF_SERVICE);
    body.cardSlotLight(true);
    body.beep();

    body.shutdown();
    time.advance(Duration.ofSeconds(1));

    for (Output o : Output.values()) {
      assertThat(body.isOn(o)).as(o.name()).isFalse();
    }
    assertThat(level("gpio.led.red")).isEqualTo(DigitalState.HIGH);
    assertThat(level("gpio.buzzer")).isEqualTo(DigitalState.HIGH);
    assertThat(body.mode()).isNull();
  }

  @Test
  void shutting_the_context_down_applies_the_declared_shutdown_states() {
    GpioIndicators body = typical();
    body.mode(Mode.IN_SERVICE);
    body.cardSlotLight(true);
    body.beep();
    DigitalOutput green = pi4j.io("gpio.led.green", DigitalOutput.class);
    DigitalOutput light = pi4j.io("gpio.card-slot-light", DigitalOutput.class);
    DigitalOutput buzzer = pi4j.io("gpio.buzzer", DigitalOutput.class);

    pi4j.shutdown();

    assertThat(green.state()).isEqualTo(DigitalState.LOW);
    assertThat(light.state()).isEqualTo(DigitalState.LOW);
    assertThat(buzzer.state()).isEqualTo(DigitalState.LOW);
  }

  @Test
  void a_line_already_claimed_is_refused_naming_the_setting_and_the_line() {
    pi4j.create(DigitalOutput.newConfigBuilder(pi4j).id("other").address(27).build());

    assertThatThrownBy(this::typical)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot claim gpio.led.amber (BCM 27) as an output");
  }

  @Test
  void a_context_without_gpio_providers_is_refused_not_replaced_by_a_mock() {
    Context empty = Pi4J.newContextBuilder().build();
    try {
      assertThatThrownBy(() -> GpioIndicators.open(empty, GpioConfig.typicalWiring(), time))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("gpio.led.green (BCM 17)");
    } finally {
      empty.shutdown();
    }
  }

  @Test
  void close_releases_the_lines_after_switching_everything_off() {
    GpioIndicators body = typical();
    body.mode(Mode.BUSY);

    body.close();

    assertThat(pi4j.registry().exists("gpio.led.amber")).isFalse();
  }
}
