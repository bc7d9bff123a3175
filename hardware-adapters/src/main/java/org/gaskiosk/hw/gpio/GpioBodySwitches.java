package org.gaskiosk.hw.gpio;

import java.util.Objects;
import java.util.function.BiConsumer;
import org.gaskiosk.core.port.BodySwitches;

/** The core's view of the door and tamper switches, on {@link GpioInputs} (debounced). */
public final class GpioBodySwitches implements BodySwitches {
  private final GpioInputs inputs;

  public GpioBodySwitches(GpioInputs inputs) {
    this.inputs = Objects.requireNonNull(inputs, "inputs");
  }

  @Override
  public boolean isOpen(Switch which) {
    return inputs.state(line(which)) == GpioInputs.SwitchState.OPEN;
  }

  @Override
  public void onChange(BiConsumer<Switch, Boolean> listener) {
    inputs.addListener(
        (which, state) ->
            listener.accept(
                which == GpioInputs.Switch.CASH_BOX_DOOR
                    ? Switch.CASH_BOX_DOOR
                    : Switch.CABINET_TAMPER,
                state == GpioInputs.SwitchState.OPEN));
  }

  private static GpioInputs.Switch line(Switch which) {
    return which == Switch.CASH_BOX_DOOR
        ? GpioInputs.Switch.CASH_BOX_DOOR
        : GpioInputs.Switch.CABINET_TAMPER;
  }
}
