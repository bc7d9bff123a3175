package org.gaskiosk.app;

import com.pi4j.context.Context;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.gaskiosk.core.fleet.Severity;
import org.gaskiosk.core.port.CardReader;
import org.gaskiosk.core.port.Indicators;
import org.gaskiosk.hw.bill.id003.Id003Link;
import org.gaskiosk.hw.bill.id003.SerialId003Link;
import org.gaskiosk.hw.gpio.Delays;
import org.gaskiosk.hw.gpio.GpioContexts;
import org.gaskiosk.hw.gpio.GpioIndicators;
import org.gaskiosk.hw.gpio.GpioInputs;
import org.gaskiosk.hw.scanner.SerialCodeScanner;
import org.gaskiosk.hw.scanner.SerialScannerLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real kiosk body on a Raspberry Pi: the card reader through pcscd (SunPCSC), the ID003
 * acceptor on its serial port, the ESC/POS printer on its device node, LEDs, buzzer and switches on
 * gpiod. Nothing here fails start-up: a missing part is a fault and the kiosk runs degraded (out of
 * service when a required device is missing), so the screen still tells residents what is going on.
 */
final class RealDevices {
  private static final Logger LOG = LoggerFactory.getLogger(RealDevices.class);

  private RealDevices() {}

  static Devices open(AppConfig config, Clock clock, FaultRelay faults) {
    List<AutoCloseable> resources = new ArrayList<>();
    CardReader reader = new LazyPcscReader(LazyPcscReader::sunPcsc, config.cardReaderName(), clock);
    DevicePrinter printer =
        new DevicePrinter(Path.of(config.printerDevice()), config.printer(), clock);
    resources.add(printer);
    Indicators indicators = Indicators.NONE;
    if (config.gpioEnabled()) {
      indicators = gpio(config, clock, faults, resources);
    }
    return new Devices(
        reader,
        acceptorLink(config.acceptorDevice()),
        printer,
        printer::health,
        // The scanner's driver reopens its port by itself: a scanner plugged in later just works.
        new SerialCodeScanner(
            SerialScannerLink.opener(config.scannerDevice()), "qr-scanner", Duration.ofSeconds(2)),
        indicators,
        resources);
  }

  /**
   * jSerialComm unpacks a native library under java.io.tmpdir; on a noexec folder it fails with a
   * LinkageError, which the acceptor's poll thread must see as a link that cannot open (a fault,
   * retried) rather than an error that ends the thread.
   */
  private static Id003Link.Opener acceptorLink(String device) {
    Id003Link.Opener serial = SerialId003Link.opener(device);
    return () -> {
      try {
        return serial.open();
      } catch (LinkageError e) {
        throw new IOException(
            "jSerialComm cannot load its native library (is java.io.tmpdir on an exec-able"
                + " folder?): "
                + e,
            e);
      }
    };
  }

  private static Indicators gpio(
      AppConfig config, Clock clock, FaultRelay faults, List<AutoCloseable> resources) {
    Context pi4j;
    try {
      pi4j = GpioContexts.gpiod();
    } catch (RuntimeException | LinkageError e) {
      faults.raiseFault("gpio", "unavailable", Severity.WARNING, "no gpiod GPIO: " + e);
      LOG.error("GPIO unavailable; LEDs, buzzer and switches are not driven", e);
      return Indicators.NONE;
    }
    resources.add(pi4j::shutdown);
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "gpio-timer");
              t.setDaemon(true);
              return t;
            });
    resources.add(timer::shutdownNow);
    Delays delays = Delays.on(timer);
    GpioIndicators indicators;
    try {
      indicators = GpioIndicators.open(pi4j, config.gpio(), delays);
    } catch (RuntimeException | LinkageError e) {
      faults.raiseFault("gpio", "unavailable", Severity.WARNING, "GPIO outputs: " + e.getMessage());
      LOG.error("GPIO outputs unavailable", e);
      return Indicators.NONE;
    }
    resources.add(indicators); // closing it puts every output in its shutdown state
    try {
      GpioInputs inputs = GpioInputs.open(pi4j, config.gpio(), delays, clock);
      resources.add(inputs);
      SwitchFaults switches = new SwitchFaults(faults);
      inputs.addListener(switches);
      for (GpioInputs.Switch s : GpioInputs.Switch.values()) {
        switches.changed(s, inputs.state(s));
      }
    } catch (RuntimeException | LinkageError e) {
      faults.raiseFault("gpio", "unavailable", Severity.WARNING, "GPIO inputs: " + e.getMessage());
      LOG.error("GPIO inputs unavailable; door and tamper switches are not watched", e);
    }
    return indicators;
  }

  /**
   * The cash-box door open keeps cash out (devices.md: the acceptor stays inhibited while it is
   * open), so it is a critical fault of the acceptor; the cabinet's tamper switch is reported.
   */
  private record SwitchFaults(FaultRelay faults) implements GpioInputs.SwitchListener {
    @Override
    public void changed(GpioInputs.Switch which, GpioInputs.SwitchState state) {
      String device = which == GpioInputs.Switch.CASH_BOX_DOOR ? "bill-acceptor" : "cabinet";
      String code = which == GpioInputs.Switch.CASH_BOX_DOOR ? "cash-box-door-open" : "tamper";
      if (state == GpioInputs.SwitchState.OPEN) {
        faults.raiseFault(device, code, Severity.CRITICAL, which + " is open");
      } else {
        faults.clearFault(device, code);
      }
    }
  }
}
