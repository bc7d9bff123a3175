package org.gaskiosk.hw.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;

/**
 * The production Pi4J context: gpiod digital I/O only, nothing auto-detected, so a kiosk without
 * GPIO access fails at start-up instead of running on a mock (tests and the simulator build their
 * own context with the mock providers).
 */
public final class GpioContexts {
  private GpioContexts() {}

  /**
   * gpiod input and output providers (Pi 4 and Pi 5; the user must be in group {@code gpio}), with
   * Pi4J's shutdown hook so a SIGTERM from systemd still puts every output in its shutdown state.
   */
  public static Context gpiod() {
    return Pi4J.newContextBuilder()
        .noAutoDetect()
        .add(GpioDDigitalInputProvider.newInstance(), GpioDDigitalOutputProvider.newInstance())
        .enableShutdownHook()
        .build();
  }
}
