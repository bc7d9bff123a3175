package org.gaskiosk.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.gaskiosk.core.fleet.Faults;
import org.gaskiosk.core.journal.CashBox;
import org.gaskiosk.core.journal.DayBook;
import org.gaskiosk.core.journal.RechargeJournal;
import org.gaskiosk.core.maintenance.BodyWatch;
import org.gaskiosk.core.maintenance.DeviceCheck;
import org.gaskiosk.core.maintenance.MaintenanceDesk;
import org.gaskiosk.core.maintenance.StaffPins;
import org.gaskiosk.core.port.Indicators;
import org.gaskiosk.core.settlement.DailySettlement;
import org.gaskiosk.hw.gpio.GpioBodySwitches;
import org.gaskiosk.hw.gpio.GpioIndicators;
import org.gaskiosk.hw.printer.EscPosPrinter;
import org.gaskiosk.hw.printer.PrinterFaults;
import org.gaskiosk.sim.gpio.SimGpio;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kiosk's keepers wired for the demo: the door alarm on the GPIO switches, printer faults from
 * DLE EOT polled every few seconds, the cash box, the daily settlement and the maintenance desk.
 * Staff PIN hashes come from {@code staff.properties} in the data folder; when there is none, a
 * demo PIN is generated, its hash written there and the PIN itself into {@code demo-staff-pin.txt}
 * (owner-readable only) so that whoever runs the demo can log in. No PIN is in the source.
 */
final class Keepers implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Keepers.class);
  static final String DEMO_STAFF = "demo";
  static final String PIN_FILE = "demo-staff-pin.txt";

  private final ScheduledExecutorService executor;
  private final MaintenanceDesk desk;
  private final DailySettlement settlement;

  private Keepers(
      ScheduledExecutorService executor, MaintenanceDesk desk, DailySettlement settlement) {
    this.executor = executor;
    this.desk = desk;
    this.settlement = settlement;
  }

  /** The devices a self-test covers besides the printer and the lights. */
  record Checks(Supplier<String> billAcceptor, Supplier<String> cardReader) {}

  static Keepers start(
      Path data,
      Clock clock,
      String kioskId,
      LocalTime closeAt,
      Faults faults,
      RechargeJournal journal,
      EscPosPrinter printer,
      SimGpio gpio,
      Checks checks)
      throws IOException {
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "keepers-" + kioskId);
              t.setDaemon(true);
              return t;
            });
    printer.addStatusListener(new PrinterFaults(faults));
    executor.scheduleWithFixedDelay(
        () -> {
          try {
            printer.status();
          } catch (RuntimeException e) {
            log.warn("printer status poll failed", e);
          }
        },
        0,
        3,
        TimeUnit.SECONDS);
    BodyWatch body =
        new BodyWatch(
                new GpioBodySwitches(gpio.inputs()), faults, gpio.indicators(), journal::record)
            .start();
    DailySettlement settlement =
        new DailySettlement(
            new DailySettlement.Config(kioskId, closeAt, clock.getZone()),
            clock,
            new DayBook(journal),
            faults::open);
    settlement.start(executor);
    Map<String, DeviceCheck> all = new LinkedHashMap<>();
    all.put("printer", PrinterFaults.check(printer));
    all.put("bill-acceptor", health(checks.billAcceptor()));
    all.put("card-reader", health(checks.cardReader()));
    all.put("lights", lights(gpio.indicators()));
    MaintenanceDesk desk =
        new MaintenanceDesk(
            MaintenanceDesk.Config.defaults(kioskId, data),
            clock,
            new MaintenanceDesk.Parts(
                staffPins(data),
                faults,
                journal::record,
                new CashBox(journal),
                printer,
                all,
                body,
                settlement),
            new SecureRandom());
    return new Keepers(executor, desk, settlement);
  }

  MaintenanceDesk desk() {
    return desk;
  }

  DailySettlement settlement() {
    return settlement;
  }

  /** A driver's health line as a check: "ok..." is ok. */
  private static DeviceCheck health(Supplier<String> health) {
    return () -> {
      String h = health.get();
      return h.startsWith("ok") ? DeviceCheck.Result.ok(h) : new DeviceCheck.Result(false, h, null);
    };
  }

  /** Walks the status lights and reads each line back, then restores what was shown. */
  private static DeviceCheck lights(GpioIndicators lights) {
    return () -> {
      Indicators.Mode before = lights.mode();
      StringBuilder bad = new StringBuilder();
      for (Indicators.Mode m : Indicators.Mode.values()) {
        lights.mode(m);
        GpioIndicators.Output lit =
            switch (m) {
              case IN_SERVICE -> GpioIndicators.Output.GREEN_LED;
              case BUSY -> GpioIndicators.Output.AMBER_LED;
              case OUT_OF_SERVICE -> GpioIndicators.Output.RED_LED;
            };
        if (!lights.isOn(lit)) {
          bad.append(lit).append(" did not light; ");
        }
      }
      lights.beep();
      if (before != null) {
        lights.mode(before);
      }
      return bad.length() == 0
          ? DeviceCheck.Result.ok("green, amber and red lit in turn; buzzer beeped")
          : DeviceCheck.Result.failed(bad.toString().trim());
    };
  }

  /** The staff file, or a fresh demo PIN when there is none. */
  private static StaffPins staffPins(Path data) throws IOException {
    Path staff = data.resolve("staff.properties");
    if (!Files.exists(staff)) {
      SecureRandom random = new SecureRandom();
      char[] pin = String.format("%06d", random.nextInt(1_000_000)).toCharArray();
      Path pinFile = data.resolve(PIN_FILE);
      Files.writeString(pinFile, new String(pin) + "\n", StandardCharsets.US_ASCII);
      try {
        Files.setPosixFilePermissions(pinFile, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        log.debug("no POSIX permissions on this file system");
      }
      Files.writeString(
          staff,
          "# Staff PIN hashes (PBKDF2). Add staff with StaffPins.line(id, pin, random).\n"
              + StaffPins.line(DEMO_STAFF, pin, random)
              + "\n",
          StandardCharsets.UTF_8);
      StaffPins.wipe(pin);
    }
    StaffPins pins = StaffPins.load(staff);
    if (pins.knows(DEMO_STAFF) && Files.exists(data.resolve(PIN_FILE))) {
      System.out.println(
          "Maintenance: log in as staff \""
              + DEMO_STAFF
              + "\" with the PIN in "
              + data.resolve(PIN_FILE)
              + " (page /maintenance.html, or POST /api/maintenance/login)");
    }
    return pins;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
