package org.gaskiosk.hw.gpio;

import java.util.Objects;

/**
 * An output line: a LED, the buzzer or the card-slot light, through its driver transistor.
 *
 * @param key the setting's name without the suffix ({@code gpio.led.green}), used in every message
 * @param bcm the BCM GPIO number (not the header pin number)
 * @param activeHigh true when HIGH switches it on; false for drivers that switch on at LOW
 */
public record OutputPin(String key, int bcm, boolean activeHigh) {
  public OutputPin {
    Objects.requireNonNull(key, "key");
    GpioConfig.checkBcm(key, bcm);
  }
}
