package org.gaskiosk.hw.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import com.pi4j.io.gpio.digital.PullResistance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cash-box door and cabinet tamper switches on Pi4J digital inputs, debounced: a change is
 * reported once the line has been quiet for {@link GpioConfig#debounce()} and reads differently
 * from what was last reported. A bounce that ends where it started reports nothing.
 *
 * <p>The debounce is done here, with the injected clock and delays, not by the provider (Pi4J's own
 * debounce is set to 0): gpiod and the mock then behave the same, and tests step time instead of
 * waiting. Listeners are called on the delays' thread, one change at a time, in order; hand the
 * change to the engine's queue and return. An exception a listener throws is logged.
 *
 * <p>A line that reads UNKNOWN counts as open: a door we cannot see is not a closed door.
 */
public final class GpioInputs implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GpioInputs.class);

  /** The body's switches. */
  public enum Switch {
    CASH_BOX_DOOR,
    CABINET_TAMPER
  }

  /** Open: door open, cabinet opened (tamper tripped). */
  public enum SwitchState {
    OPEN,
    CLOSED
  }

  /** Told each debounced change. */
  @FunctionalInterface
  public interface SwitchListener {
    void changed(Switch which, SwitchState state);
  }

  private final Context pi4j;
  private final Delays delays;
  private final Clock clock;
  private final Duration debounce;
  private final Map<Switch, Line> lines = new EnumMap<>(Switch.class);
  private final List<SwitchListener> listeners = new CopyOnWriteArrayList<>();

  /** One switch: its input, what was last reported, when its line last moved. */
  private final class Line {
    final Switch which;
    final InputPin pin;
    final DigitalInput input;
    final DigitalStateChangeListener edges = e -> edge(this);
    SwitchState reported;
    Instant lastEdge;
    boolean checkPending;

    Line(Switch which, InputPin pin, DigitalInput input) {
      this.which = which;
      this.pin = pin;
      this.input = input;
      this.reported = read();
    }

    SwitchState read() {
      DigitalState s = input.state();
      if (s == DigitalState.UNKNOWN) {
        return SwitchState.OPEN;
      }
      return s.isHigh() == pin.openIsHigh() ? SwitchState.OPEN : SwitchState.CLOSED;
    }
  }

  private GpioInputs(Context pi4j, GpioConfig config, Delays delays, Clock clock) {
    this.pi4j = pi4j;
    this.delays = delays;
    this.clock = clock;
    this.debounce = config.debounce();
  }

  /**
   * Claims both input lines on {@code pi4j} and reads their present state (no callback for it: ask
   * {@link #state} at start-up).
   *
   * @throws IllegalStateException naming the setting and BCM line when a line cannot be claimed
   */
  public static GpioInputs open(Context pi4j, GpioConfig config, Delays delays, Clock clock) {
    GpioInputs inputs =
        new GpioInputs(
            Objects.requireNonNull(pi4j, "pi4j"),
            config,
            Objects.requireNonNull(delays, "delays"),
            Objects.requireNonNull(clock, "clock"));
    inputs.claim(Switch.CASH_BOX_DOOR, config.cashBoxDoor());
    inputs.claim(Switch.CABINET_TAMPER, config.cabinetTamper());
    return inputs;
  }

  private synchronized void claim(Switch which, InputPin pin) {
    DigitalInput input;
    try {
      input =
          pi4j.create(
              DigitalInput.newConfigBuilder(pi4j)
                  .id(pin.key())
                  .name(pin.key() + " (BCM " + pin.bcm() + ")")
                  .address(pin.bcm())
                  .pull(pull(pin.pull()))
                  .debounce(0L)
                  .build());
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot claim " + pin.key() + " (BCM " + pin.bcm() + ") as an input: " + e.getMessage(),
          e);
    }
    Line line = new Line(which, pin, input);
    lines.put(which, line);
    input.addListener(line.edges);
    LOG.info("{} on provider {} reads {}", pin, input.provider().id(), line.reported);
  }

  public void addListener(SwitchListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** The last debounced state of a switch. */
  public synchronized SwitchState state(Switch which) {
    return lines.get(which).reported;
  }

  private synchronized void edge(Line line) {
    line.lastEdge = clock.instant();
    if (!line.checkPending) {
      line.checkPending = true;
      delays.after(debounce, () -> settle(line));
    }
  }

  /** The line has been quiet for the debounce time, or more edges came and we wait again. */
  private synchronized void settle(Line line) {
    Duration quiet = Duration.between(line.lastEdge, clock.instant());
    if (quiet.compareTo(debounce) < 0) {
      delays.after(debounce.minus(quiet), () -> settle(line));
      return;
    }
    line.checkPending = false;
    SwitchState now = line.read();
    if (now == line.reported) {
      return;
    }
    line.reported = now;
    LOG.info("{} is {}", line.which, now);
    for (SwitchListener l : listeners) {
      try {
        l.changed(line.which, now);
      } catch (RuntimeException e) {
        LOG.error("a listener of {} failed", line.which, e);
      }
    }
  }

  private static PullResistance pull(InputPin.Pull pull) {
    return switch (pull) {
      case UP -> PullResistance.PULL_UP;
      case DOWN -> PullResistance.PULL_DOWN;
      case OFF -> PullResistance.OFF;
    };
  }

  /** Stops listening and releases both lines to the context. */
  @Override
  public synchronized void close() {
    for (Line line : lines.values()) {
      line.input.removeListener(line.edges);
      try {
        pi4j.shutdown(line.pin.key());
      } catch (RuntimeException e) {
        LOG.warn("{}: releasing the line failed: {}", line.pin, e.toString());
      }
    }
  }
}
