package org.gaskiosk.hw.gpio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GpioConfigTest {

  private static Map<String, String> typicalSettings() {
    Map<String, String> m = new HashMap<>();
    m.put("gpio.led.green.bcm", "17");
    m.put("gpio.led.amber.bcm", "27");
    m.put("gpio.led.red.bcm", "22");
    m.put("gpio.buzzer.bcm", "23");
    m.put("gpio.card-slot-light.bcm", "24");
    m.put("gpio.cash-box-door.bcm", "5");
    m.put("gpio.cabinet-tamper.bcm", "6");
    return m;
  }

  @Test
  void the_typical_settings_with_defaults_are_the_typical_wiring() {
    assertThat(GpioConfig.fromSettings(typicalSettings())).isEqualTo(GpioConfig.typicalWiring());
  }

  @Test
  void levels_pulls_and_times_are_read() {
    Map<String, String> m = typicalSettings();
    m.put("gpio.buzzer.active", "low");
    m.put("gpio.cabinet-tamper.open", "low");
    m.put("gpio.cabinet-tamper.pull", "off");
    m.put("gpio.debounce-ms", "20");
    m.put("gpio.beep-ms", "300");

    GpioConfig c = GpioConfig.fromSettings(m);

    assertThat(c.buzzer()).isEqualTo(new OutputPin("gpio.buzzer", 23, false));
    assertThat(c.cabinetTamper())
        .isEqualTo(new InputPin("gpio.cabinet-tamper", 6, false, InputPin.Pull.OFF));
    assertThat(c.debounce()).isEqualTo(Duration.ofMillis(20));
    assertThat(c.beepLength()).isEqualTo(Duration.ofMillis(300));
  }

  @Test
  void a_missing_line_is_refused_by_its_key() {
    Map<String, String> m = typicalSettings();
    m.remove("gpio.led.red.bcm");
    assertThatThrownBy(() -> GpioConfig.fromSettings(m))
        .hasMessage("gpio.led.red.bcm is missing (a whole number 0-27)");
  }

  @Test
  void a_line_outside_the_header_is_refused_by_its_key() {
    Map<String, String> m = typicalSettings();
    m.put("gpio.buzzer.bcm", "40");
    assertThatThrownBy(() -> GpioConfig.fromSettings(m))
        .hasMessage("gpio.buzzer.bcm must be a whole number 0-27, got 40");
    assertThatThrownBy(() -> new OutputPin("gpio.buzzer", 28, true))
        .hasMessage("gpio.buzzer.bcm must be a BCM GPIO number 2-27 on the 40-pin header, got 28");
  }

  @Test
  void the_hat_eeprom_lines_are_refused() {
    Map<String, String> m = typicalSettings();
    m.put("gpio.cash-box-door.bcm", "1");
    assertThatThrownBy(() -> GpioConfig.fromSettings(m))
        .hasMessage("gpio.cash-box-door.bcm: BCM 1 is reserved for the HAT ID EEPROM; use 2-27");
  }

  @Test
  void two_settings_on_one_line_are_refused_naming_both() {
    Map<String, String> m = typicalSettings();
    m.put("gpio.cabinet-tamper.bcm", "23");
    assertThatThrownBy(() -> GpioConfig.fromSettings(m))
        .hasMessage(
            "gpio.buzzer.bcm and gpio.cabinet-tamper.bcm both use BCM 23; each needs its own line");
  }

  @Test
  void a_bad_level_or_pull_is_refused_by_its_key() {
    Map<String, String> m = typicalSettings();
    m.put("gpio.led.green.active", "1");
    assertThatThrownBy(() -> GpioConfig.fromSettings(m))
        .hasMessage("gpio.led.green.active must be one of high, low, got \"1\"");
    m.remove("gpio.led.green.active");
    m.put("gpio.cash-box-door.pull", "pullup");
    assertThatThrownBy(() -> GpioConfig.fromSettings(m))
        .hasMessage("gpio.cash-box-door.pull must be one of up, down, off, got \"pullup\"");
  }

  @Test
  void a_misspelt_key_is_refused() {
    Map<String, String> m = typicalSettings();
    m.put("gpio.led.gren.bcm", "12");
    assertThatThrownBy(() -> GpioConfig.fromSettings(m))
        .hasMessageStartingWith("unknown setting gpio.led.gren.bcm;");
  }

  @Test
  void times_out_of_range_are_refused_by_their_key() {
    Map<String, String> m = typicalSettings();
    m.put("gpio.debounce-ms", "2");
    assertThatThrownBy(() -> GpioConfig.fromSettings(m))
        .hasMessage("gpio.debounce-ms must be a whole number 5-1000, got 2");
  }
}
