package org.gaskiosk.hw.gpio;

import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.gaskiosk.core.fleet.Faults;
import org.gaskiosk.core.fleet.KioskMode;
import org.gaskiosk.core.journal.PendingEvent;
import org.gaskiosk.core.maintenance.BodyWatch;
import org.gaskiosk.hw.gpio.GpioIndicators.Output;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The door alarm end to end on Pi4J's mock providers: the production input and output adapters, the
 * core's fault list and the body watch.
 */
class DoorAlarmOnMockGpioTest {
  private final Context pi4j =
      Pi4J.newContextBuilder()
          .add(MockDigitalOutputProvider.newInstance(), MockDigitalInputProvider.newInstance())
          .build();
  private final ManualTime time = new ManualTime();
  private final List<PendingEvent> events = new CopyOnWriteArrayList<>();
  @TempDir Path dir;
  private Faults faults;
  private GpioIndicators lights;

  @BeforeEach
  void body() {
    GpioConfig config = GpioConfig.typicalWiring();
    GpioInputs inputs = GpioInputs.open(pi4j, config, time, time.clock());
    lights = GpioIndicators.open(pi4j, config, time);
    faults =
        new Faults(
            events::addAll,
            dir.resolve("fleet-state.json"),
            time.clock(),
            Set.of("card-reader", "bill-acceptor", "cabinet"));
    new BodyWatch(new GpioBodySwitches(inputs), faults, lights, events::addAll).start();
  }

  @AfterEach
  void shutdownContext() {
    pi4j.shutdown();
  }

  private void door(boolean open) {
    pi4j.io("gpio.cash-box-door", MockDigitalInput.class)
        .mockState(open ? DigitalState.HIGH : DigitalState.LOW);
    time.advanceMillis(60);
  }

  @Test
  void the_door_opened_without_a_visit_takes_the_kiosk_out_of_service_and_raises_the_alarm() {
    assertThat(faults.mode()).isEqualTo(KioskMode.IN_SERVICE);

    door(true);

    assertThat(faults.mode().kind()).isEqualTo(KioskMode.Kind.OUT_OF_SERVICE);
    assertThat(faults.open())
        .anySatisfy(
            f -> {
              assertThat(f.device()).isEqualTo("cabinet");
              assertThat(f.code()).isEqualTo(BodyWatch.DOOR_ALARM);
            });
    assertThat(events).extracting(PendingEvent::type).contains("fault.raised", "mode.changed");
    assertThat(lights.isOn(Output.BUZZER)).isTrue();
    time.advanceMillis(5_000);
    assertThat(lights.isOn(Output.BUZZER)).as("an alarm, not a beep").isTrue();
    door(false);
    assertThat(lights.isOn(Output.BUZZER)).as("closing the door does not end it").isTrue();
    assertThat(faults.mode().kind()).isEqualTo(KioskMode.Kind.OUT_OF_SERVICE);
  }

  @Test
  void a_beep_during_the_alarm_does_not_silence_it() {
    door(true);
    lights.beep();
    time.advanceMillis(1_000);
    assertThat(lights.isOn(Output.BUZZER)).isTrue();
    lights.alarm(false);
    assertThat(lights.isOn(Output.BUZZER)).isFalse();
  }

  @Test
  void every_output_reaches_its_shutdown_state_when_the_context_stops_even_during_an_alarm() {
    door(true);
    lights.mode(GpioIndicators.Mode.OUT_OF_SERVICE);
    lights.cardSlotLight(true);
    List<DigitalOutput> outputs =
        List.of(
                "gpio.led.green",
                "gpio.led.amber",
                "gpio.led.red",
                "gpio.buzzer",
                "gpio.card-slot-light")
            .stream()
            .map(k -> pi4j.io(k, DigitalOutput.class))
            .toList();

    pi4j.shutdown();

    for (DigitalOutput out : outputs) {
      assertThat(out.state()).as(out.id()).isEqualTo(out.config().shutdownState());
      assertThat(out.state()).as(out.id()).isEqualTo(DigitalState.LOW);
    }
  }
}
