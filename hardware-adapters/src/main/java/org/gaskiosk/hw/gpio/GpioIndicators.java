package org.gaskiosk.hw.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.gaskiosk.core.port.Indicators;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kiosk body's lights and buzzer on Pi4J digital outputs: the status LEDs follow the mode
 * (green in service, amber busy, red out of service), the buzzer beeps for {@link
 * GpioConfig#beepLength()}, the card-slot light invites a card.
 *
 * <p>Every output is declared with initial and shutdown state "off" (at its active level), so the
 * body is dark and silent from the moment a pin is claimed and again when {@link #shutdown()} runs
 * or the Pi4J context shuts down (its shutdown hook covers SIGTERM). Hazard: after the gpiod
 * provider releases a line the kernel stops driving it and it floats, so the LED and buzzer drivers
 * need pull resistors that hold them off (docs/devices.md).
 *
 * <p>A GPIO write that fails is logged with the pin and otherwise ignored: a dead LED must not stop
 * a recharge. Thread-safe.
 */
public final class GpioIndicators implements Indicators, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GpioIndicators.class);

  /** The body's outputs. */
  public enum Output {
    GREEN_LED,
    AMBER_LED,
    RED_LED,
    BUZZER,
    CARD_SLOT_LIGHT
  }

  private final Context pi4j;
  private final GpioConfig config;
  private final Delays delays;
  private final Map<Output, DigitalOutput> outputs;
  private final Map<Output, OutputPin> pins;
  private Mode mode;
  private Delays.Pending beepOff;
  private long beeps;
  private boolean alarm;

  private GpioIndicators(
      Context pi4j,
      GpioConfig config,
      Delays delays,
      Map<Output, OutputPin> pins,
      Map<Output, DigitalOutput> outputs) {
    this.pi4j = pi4j;
    this.config = config;
    this.delays = delays;
    this.pins = pins;
    this.outputs = outputs;
  }

  /**
   * Claims the five output lines on {@code pi4j} (its digital-output provider: gpiod on the kiosk,
   * the mock in tests and the simulator; chosen by whoever built the context), all off.
   *
   * @throws IllegalStateException naming the setting and BCM line when a line cannot be claimed
   */
  public static GpioIndicators open(Context pi4j, GpioConfig config, Delays delays) {
    Objects.requireNonNull(pi4j, "pi4j");
    Map<Output, OutputPin> pins = new EnumMap<>(Output.class);
    pins.put(Output.GREEN_LED, config.greenLed());
    pins.put(Output.AMBER_LED, config.amberLed());
    pins.put(Output.RED_LED, config.redLed());
    pins.put(Output.BUZZER, config.buzzer());
    pins.put(Output.CARD_SLOT_LIGHT, config.cardSlotLight());
    Map<Output, DigitalOutput> outputs = new EnumMap<>(Output.class);
    for (var e : pins.entrySet()) {
      outputs.put(e.getKey(), claim(pi4j, e.getValue()));
    }
    LOG.info(
        "GPIO outputs claimed on provider {}: {}",
        outputs.get(Output.GREEN_LED).provider().id(),
        pins.values());
    return new GpioIndicators(
        pi4j, config, Objects.requireNonNull(delays, "delays"), pins, outputs);
  }

  private static DigitalOutput claim(Context pi4j, OutputPin pin) {
    DigitalState on = pin.activeHigh() ? DigitalState.HIGH : DigitalState.LOW;
    DigitalState off = DigitalState.getInverseState(on);
    try {
      return pi4j.create(
          DigitalOutput.newConfigBuilder(pi4j)
              .id(pin.key())
              .name(pin.key() + " (BCM " + pin.bcm() + ")")
              .address(pin.bcm())
              .onState(on)
              .initial(off)
              .shutdown(off)
              .build());
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot claim " + pin.key() + " (BCM " + pin.bcm() + ") as an output: " + e.getMessage(),
          e);
    }
  }

  @Override
  public synchronized void mode(Mode mode) {
    this.mode = Objects.requireNonNull(mode, "mode");
    set(Output.GREEN_LED, mode == Mode.IN_SERVICE);
    set(Output.AMBER_LED, mode == Mode.BUSY);
    set(Output.RED_LED, mode == Mode.OUT_OF_SERVICE);
  }

  /** The last mode set, or null before the first. */
  public synchronized Mode mode() {
    return mode;
  }

  @Override
  public synchronized void cardSlotLight(boolean on) {
    set(Output.CARD_SLOT_LIGHT, on);
  }

  /** Sounds the buzzer for the beep length; a beep during a beep makes it last from now. */
  @Override
  public synchronized void beep() {
    if (beepOff != null) {
      beepOff.cancel();
    }
    long beep = ++beeps;
    set(Output.BUZZER, true);
    beepOff = delays.after(config.beepLength(), () -> endBeep(beep));
  }

  /** The buzzer held on until switched off; a beep meanwhile does not end it. */
  @Override
  public synchronized void alarm(boolean on) {
    alarm = on;
    set(Output.BUZZER, on);
  }

  /** Whether the alarm holds the buzzer on. */
  public synchronized boolean alarmOn() {
    return alarm;
  }

  private synchronized void endBeep(long beep) {
    if (beep == beeps
        && !alarm) { // a cancelled task that already started must not cut a later beep short
      set(Output.BUZZER, false);
      beepOff = null;
    }
  }

  /** Every output to its declared shutdown state (off); a pending beep end is dropped. */
  @Override
  public synchronized void shutdown() {
    if (beepOff != null) {
      beepOff.cancel();
      beepOff = null;
    }
    beeps++;
    alarm = false;
    for (var e : outputs.entrySet()) {
      DigitalOutput out = e.getValue();
      try {
        out.state(out.config().shutdownState());
      } catch (RuntimeException ex) {
        LOG.warn("{}: setting the shutdown state failed: {}", pins.get(e.getKey()), ex.toString());
      }
    }
    mode = null;
  }

  /** Whether an output is on now, read back from its line and active level. */
  public synchronized boolean isOn(Output output) {
    DigitalOutput out = outputs.get(output);
    return out.state() == out.config().onState();
  }

  /** Shuts every output down, then releases the lines to the context. */
  @Override
  public synchronized void close() {
    shutdown();
    for (OutputPin pin : pins.values()) {
      try {
        pi4j.shutdown(pin.key());
      } catch (RuntimeException e) {
        LOG.warn("{}: releasing the line failed: {}", pin, e.toString());
      }
    }
  }

  private void set(Output output, boolean on) {
    DigitalOutput out = outputs.get(output);
    try {
      if (on) {
        out.on();
      } else {
        out.off();
      }
    } catch (RuntimeException e) {
      LOG.warn("{}: switching {} failed: {}", pins.get(output), on ? "on" : "off", e.toString());
    }
  }
}
