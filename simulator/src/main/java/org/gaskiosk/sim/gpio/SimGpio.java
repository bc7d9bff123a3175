package org.gaskiosk.sim.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.gaskiosk.hw.gpio.Delays;
import org.gaskiosk.hw.gpio.GpioConfig;
import org.gaskiosk.hw.gpio.GpioIndicators;
import org.gaskiosk.hw.gpio.GpioIndicators.Output;
import org.gaskiosk.hw.gpio.GpioInputs;
import org.gaskiosk.hw.gpio.GpioInputs.Switch;
import org.gaskiosk.hw.gpio.InputPin;

/**
 * The kiosk body for the demo: the production GPIO adapters on a Pi4J context built with the mock
 * providers (asked for here by name, never auto-detected), with typed stimuli for the switches and
 * a view of the outputs.
 */
public final class SimGpio implements AutoCloseable {
  private final Context pi4j;
  private final ScheduledExecutorService timer;
  private final GpioConfig config;
  private final GpioIndicators indicators;
  private final GpioInputs inputs;

  private SimGpio(
      Context pi4j,
      ScheduledExecutorService timer,
      GpioConfig config,
      GpioIndicators indicators,
      GpioInputs inputs) {
    this.pi4j = pi4j;
    this.timer = timer;
    this.config = config;
    this.indicators = indicators;
    this.inputs = inputs;
  }

  /** Claims the configured lines on mock providers; the door and the cabinet start closed. */
  public static SimGpio start(GpioConfig config, Clock clock) {
    Context pi4j =
        Pi4J.newContextBuilder()
            .noAutoDetect()
            .add(MockDigitalOutputProvider.newInstance(), MockDigitalInputProvider.newInstance())
            .build();
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sim-gpio-timer");
              t.setDaemon(true);
              return t;
            });
    Delays delays = Delays.on(timer);
    SimGpio gpio =
        new SimGpio(
            pi4j,
            timer,
            config,
            GpioIndicators.open(pi4j, config, delays),
            GpioInputs.open(pi4j, config, delays, clock));
    gpio.cashBoxDoor(false);
    gpio.cabinetTamper(false);
    return gpio;
  }

  /** The production adapter the engine drives. */
  public GpioIndicators indicators() {
    return indicators;
  }

  /** The production adapter that reports the switches. */
  public GpioInputs inputs() {
    return inputs;
  }

  /** Opens or closes the cash-box door (its line moves at once; the report follows debounced). */
  public void cashBoxDoor(boolean open) {
    move(config.cashBoxDoor(), open);
  }

  /** Opens or closes the cabinet as the tamper switch sees it. */
  public void cabinetTamper(boolean open) {
    move(config.cabinetTamper(), open);
  }

  private void move(InputPin pin, boolean open) {
    DigitalState level = open == pin.openIsHigh() ? DigitalState.HIGH : DigitalState.LOW;
    pi4j.io(pin.key(), MockDigitalInput.class).mockState(level);
  }

  /** The outputs as lit/silent and the switches as debounced, for the control API. */
  public Map<String, Object> state() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("greenLed", indicators.isOn(Output.GREEN_LED));
    s.put("amberLed", indicators.isOn(Output.AMBER_LED));
    s.put("redLed", indicators.isOn(Output.RED_LED));
    s.put("buzzer", indicators.isOn(Output.BUZZER));
    s.put("cardSlotLight", indicators.isOn(Output.CARD_SLOT_LIGHT));
    s.put("cashBoxDoor", word(inputs.state(Switch.CASH_BOX_DOOR)));
    s.put("cabinetTamper", word(inputs.state(Switch.CABINET_TAMPER)));
    return s;
  }

  private static String word(GpioInputs.SwitchState state) {
    return state == GpioInputs.SwitchState.OPEN ? "open" : "closed";
  }

  /** Outputs to their shutdown states, then the context and the timer stop. */
  @Override
  public void close() {
    indicators.shutdown();
    pi4j.shutdown();
    timer.shutdownNow();
  }
}
