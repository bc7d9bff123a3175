package org.gaskiosk.hw.gpio;

import java.util.Objects;

/**
 * An input line from a switch: the cash-box door or the cabinet tamper switch.
 *
 * @param key the setting's name without the suffix ({@code gpio.cash-box-door}), used in messages
 * @param bcm the BCM GPIO number (not the header pin number)
 * @param openIsHigh true when the line reads HIGH with the door open; with a normally-closed
 *     contact to ground and a pull-up this is true, and a cut wire then also reads open
 * @param pull the bias the Pi applies to the line
 */
public record InputPin(String key, int bcm, boolean openIsHigh, Pull pull) {

  /** The line's bias resistor. */
  public enum Pull {
    UP,
    DOWN,
    OFF
  }

  public InputPin {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(pull, key + ".pull");
    GpioConfig.checkBcm(key, bcm);
  }
}
