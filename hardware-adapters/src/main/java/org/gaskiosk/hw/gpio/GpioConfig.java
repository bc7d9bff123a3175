package org.gaskiosk.hw.gpio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.gaskiosk.hw.config.Settings;

/**
 * The kiosk body's wiring (docs/devices.md, "GPIO"): five outputs and two switch inputs, by BCM
 * number, with their active levels, the switches' debounce time and the beep length. Every
 * complaint names the setting to fix.
 */
public record GpioConfig(
    OutputPin greenLed,
    OutputPin amberLed,
    OutputPin redLed,
    OutputPin buzzer,
    OutputPin cardSlotLight,
    InputPin cashBoxDoor,
    InputPin cabinetTamper,
    Duration debounce,
    Duration beepLength) {

  static final String PREFIX = "gpio.";

  public GpioConfig {
    Map<Integer, String> used = new HashMap<>();
    for (Object pin :
        new Object[] {
          greenLed, amberLed, redLed, buzzer, cardSlotLight, cashBoxDoor, cabinetTamper
        }) {
      Objects.requireNonNull(pin, "every pin of the kiosk body must be configured");
      String key = pin instanceof OutputPin o ? o.key() : ((InputPin) pin).key();
      int bcm = pin instanceof OutputPin o ? o.bcm() : ((InputPin) pin).bcm();
      String before = used.putIfAbsent(bcm, key);
      if (before != null) {
        throw new IllegalArgumentException(
            before + ".bcm and " + key + ".bcm both use BCM " + bcm + "; each needs its own line");
      }
    }
    if (debounce.compareTo(Duration.ofMillis(5)) < 0
        || debounce.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException(
          "gpio.debounce-ms must be 5-1000, got " + debounce.toMillis());
    }
    if (beepLength.compareTo(Duration.ofMillis(20)) < 0
        || beepLength.compareTo(Duration.ofSeconds(2)) > 0) {
      throw new IllegalArgumentException(
          "gpio.beep-ms must be 20-2000, got " + beepLength.toMillis());
    }
  }

  /**
   * The wiring of docs/devices.md: LEDs on 17, 27, 22, buzzer 23, card-slot light 24, all active
   * high; door 5 and tamper 6, normally-closed contacts to ground with pull-ups (open reads HIGH);
   * 50 ms debounce, 150 ms beep.
   */
  public static GpioConfig typicalWiring() {
    return new GpioConfig(
        new OutputPin("gpio.led.green", 17, true),
        new OutputPin("gpio.led.amber", 27, true),
        new OutputPin("gpio.led.red", 22, true),
        new OutputPin("gpio.buzzer", 23, true),
        new OutputPin("gpio.card-slot-light", 24, true),
        new InputPin("gpio.cash-box-door", 5, true, InputPin.Pull.UP),
        new InputPin("gpio.cabinet-tamper", 6, true, InputPin.Pull.UP),
        Duration.ofMillis(50),
        Duration.ofMillis(150));
  }

  /**
   * Reads the {@code gpio.*} settings. Every {@code .bcm} is required (a kiosk must not drive a
   * line because nobody said otherwise); {@code .active} defaults to high, {@code .open} to high,
   * {@code .pull} to up, {@code gpio.debounce-ms} to 50 and {@code gpio.beep-ms} to 150.
   */
  public static GpioConfig fromSettings(Map<String, String> values) {
    Settings s = Settings.of(values);
    List<String> outputs =
        List.of("led.green", "led.amber", "led.red", "buzzer", "card-slot-light");
    List<String> inputs = List.of("cash-box-door", "cabinet-tamper");
    Set<String> known = new LinkedHashSet<>(List.of("gpio.debounce-ms", "gpio.beep-ms"));
    outputs.forEach(o -> known.addAll(List.of(PREFIX + o + ".bcm", PREFIX + o + ".active")));
    inputs.forEach(
        i ->
            known.addAll(List.of(PREFIX + i + ".bcm", PREFIX + i + ".open", PREFIX + i + ".pull")));
    s.rejectUnknown(PREFIX, known);
    List<OutputPin> out = new ArrayList<>();
    for (String o : outputs) {
      String key = PREFIX + o;
      out.add(
          new OutputPin(
              key,
              s.integer(key + ".bcm", null, 0, 27),
              s.choice(key + ".active", List.of("high", "low")).equals("high")));
    }
    List<InputPin> in = new ArrayList<>();
    for (String i : inputs) {
      String key = PREFIX + i;
      in.add(
          new InputPin(
              key,
              s.integer(key + ".bcm", null, 0, 27),
              s.choice(key + ".open", List.of("high", "low")).equals("high"),
              InputPin.Pull.valueOf(
                  s.choice(key + ".pull", List.of("up", "down", "off")).toUpperCase())));
    }
    return new GpioConfig(
        out.get(0),
        out.get(1),
        out.get(2),
        out.get(3),
        out.get(4),
        in.get(0),
        in.get(1),
        s.millis("gpio.debounce-ms", 50, 5, 1000),
        s.millis("gpio.beep-ms", 150, 20, 2000));
  }

  /**
   * BCM 2-27 are the GPIOs on the 40-pin header; 0 and 1 are too, but belong to the HAT ID EEPROM
   * (ID_SD, ID_SC) and must stay free.
   */
  static void checkBcm(String key, int bcm) {
    if (bcm == 0 || bcm == 1) {
      throw new IllegalArgumentException(
          key + ".bcm: BCM " + bcm + " is reserved for the HAT ID EEPROM; use 2-27");
    }
    if (bcm < 2 || bcm > 27) {
      throw new IllegalArgumentException(
          key + ".bcm must be a BCM GPIO number 2-27 on the 40-pin header, got " + bcm);
    }
  }
}
