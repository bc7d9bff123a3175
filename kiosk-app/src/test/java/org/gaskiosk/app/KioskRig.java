package org.gaskiosk.app;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.gaskiosk.core.port.CardOpening;
import org.gaskiosk.core.port.CardReader;
import org.gaskiosk.core.port.CodeScanner;
import org.gaskiosk.hw.bill.id003.Id003Link;
import org.gaskiosk.hw.card.PcscCardReader;
import org.gaskiosk.hw.gpio.GpioConfig;
import org.gaskiosk.hw.printer.EscPosPrinter;
import org.gaskiosk.hw.printer.PrinterConfig;
import org.gaskiosk.sim.bill.InMemoryBillTransport;
import org.gaskiosk.sim.broker.EmbeddedBroker;
import org.gaskiosk.sim.card.IssuerKeys;
import org.gaskiosk.sim.card.SimCardFixtures;
import org.gaskiosk.sim.card.SimCardInfo;
import org.gaskiosk.sim.card.SimCardSlot;
import org.gaskiosk.sim.card.SimTerminalProvider;
import org.gaskiosk.sim.central.Account;
import org.gaskiosk.sim.central.CentralConfig;
import org.gaskiosk.sim.central.CentralSimulator;
import org.gaskiosk.sim.gpio.SimGpio;
import org.gaskiosk.sim.printer.SimEscPosPrinter;

/**
 * The production composition ({@link KioskApp}) over the simulator's world: an embedded MQTT
 * broker, the central-system simulator, a simulated card behind javax.smartcardio, the ID003 device
 * model on an in-memory link, the ESC/POS printer model and GPIO on Pi4J mocks. The card reader and
 * the acceptor link can be made to hang, as a wedged USB device would.
 */
final class KioskRig implements AutoCloseable {
  static final String KIOSK = "K-PI-1";
  static final String MONEY_CARD = SimCardFixtures.MONEY_PURSE.cardNo();

  final Path dir;
  final Clock clock = Clock.systemDefaultZone();
  final EmbeddedBroker broker;
  final CentralSimulator central;
  final SimCardSlot slot;
  final InMemoryBillTransport bills;
  final SimGpio gpio;
  final HangingReader reader;
  final HangingLink.Opener acceptorLink;
  final AppConfig config;
  final FaultRelay faults = new FaultRelay();
  private final SimEscPosPrinter simPrinter;
  private final EscPosPrinter printer;

  KioskRig(Path dir) throws Exception {
    this.dir = dir;
    broker = new EmbeddedBroker(dir.resolve("broker"), 0);
    broker.start();
    IssuerKeys keys =
        IssuerKeys.loadOrCreate(dir.resolve("issuer-keys.properties"), new SecureRandom());
    central =
        new CentralSimulator(
            CentralConfig.of(broker.uri(), dir.resolve("central")).withLoadKeys(keys::loadKeyFor),
            clock);
    central.start();
    central.requireSubscribed(Duration.ofSeconds(15));
    central.putAccount(Account.of(MONEY_CARD, "张建国", SimCardFixtures.MONEY_PURSE.unit()));
    slot = SimCardSlot.open(dir.resolve("cards"), keys);
    reader =
        new HangingReader(
            new PcscCardReader(SimTerminalProvider.terminalFactory(slot), Optional.empty(), clock));
    bills = InMemoryBillTransport.start();
    acceptorLink = new HangingLink.Opener(bills.driverOpener());
    simPrinter = SimEscPosPrinter.open(dir.resolve("printer"), clock);
    printer =
        new EscPosPrinter(simPrinter.link("sim-printer"), PrinterConfig.defaults("sim"), clock);
    gpio = SimGpio.start(GpioConfig.typicalWiring(), clock);
    config = AppConfig.of(dir.resolve("kiosk.properties"), settings(Map.of()));
  }

  /** The file's settings for this rig, with {@code extra} on top. */
  Map<String, String> settings(Map<String, String> extra) throws IOException {
    Map<String, String> s = new HashMap<>();
    s.put("kiosk.id", KIOSK);
    s.put("data.dir", dir.resolve("data").toString());
    s.put("logs.dir", dir.resolve("logs").toString());
    s.put("ui.port", Integer.toString(freePort()));
    s.put("mqtt.uri", broker.uri());
    s.put("fleet.central-key-file", central.commandPublicKeyFile().toString());
    s.put("secrets.file", dir.resolve("no-secrets.properties").toString());
    s.put("devices.check-interval-ms", "200");
    s.put("watchdog.engine-timeout-ms", "500");
    s.put("watchdog.device-stall-ms", "1500");
    s.put("shutdown.settle-ms", "3000");
    s.putAll(extra);
    return s;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  Devices devices() {
    // GPIO is closed by the rig, not the app: the test reads the outputs after the app stopped.
    return new Devices(
        reader,
        acceptorLink,
        printer,
        () -> printer.status().canPrint() ? "ok" : printer.lastStatus().describe(),
        CodeScanner.NONE,
        gpio.indicators(),
        List.of(printer));
  }

  KioskApp start(Notifier notifier, Duration watchdog) throws IOException, AppConfig.Invalid {
    return KioskApp.start(
        config,
        Secrets.load(config, Map.of()),
        devices(),
        faults,
        clock,
        notifier,
        Optional.of(watchdog));
  }

  long balance(String cardNo) {
    return slot.list().stream()
        .filter(c -> c.cardNo().equals(cardNo))
        .mapToLong(SimCardInfo::balance)
        .findFirst()
        .orElseThrow();
  }

  @Override
  public void close() {
    reader.release();
    acceptorLink.release();
    for (AutoCloseable c : new AutoCloseable[] {gpio, bills, central, broker, simPrinter}) {
      try {
        c.close();
      } catch (Exception e) {
        // best effort: the temp folder goes anyway
      }
    }
  }

  /** A card reader whose presence check can be made to block, as a wedged reader's would. */
  static final class HangingReader implements CardReader {
    private final CardReader delegate;
    private volatile CountDownLatch hang;

    HangingReader(CardReader delegate) {
      this.delegate = delegate;
    }

    void hang() {
      hang = new CountDownLatch(1);
    }

    void release() {
      CountDownLatch h = hang;
      hang = null;
      if (h != null) {
        h.countDown();
      }
    }

    private void maybeHang() {
      CountDownLatch h = hang;
      if (h != null) {
        try {
          h.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    @Override
    public boolean isCardPresent() {
      maybeHang();
      return delegate.isCardPresent();
    }

    @Override
    public boolean awaitPresence(boolean present, Duration timeout) throws InterruptedException {
      return delegate.awaitPresence(present, timeout);
    }

    @Override
    public CardOpening open() {
      return delegate.open();
    }

    @Override
    public String health() {
      return delegate.health();
    }
  }

  /** An acceptor link whose reads can be made to block, as a serial read that never returns. */
  static final class HangingLink implements Id003Link {
    private final Id003Link delegate;
    private final Opener owner;

    HangingLink(Id003Link delegate, Opener owner) {
      this.delegate = delegate;
      this.owner = owner;
    }

    @Override
    public void write(byte[] bytes) throws IOException {
      delegate.write(bytes);
    }

    @Override
    public int read(byte[] buffer) throws IOException {
      CountDownLatch h = owner.hang;
      if (h != null) {
        try {
          h.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return delegate.read(buffer);
    }

    @Override
    public void discardInput() throws IOException {
      delegate.discardInput();
    }

    @Override
    public String describe() {
      return "hanging " + delegate.describe();
    }

    @Override
    public void close() {
      delegate.close();
    }

    static final class Opener implements Id003Link.Opener {
      private final Id003Link.Opener delegate;
      private volatile CountDownLatch hang;

      Opener(Id003Link.Opener delegate) {
        this.delegate = delegate;
      }

      void hang() {
        hang = new CountDownLatch(1);
      }

      void release() {
        CountDownLatch h = hang;
        hang = null;
        if (h != null) {
          h.countDown();
        }
      }

      @Override
      public Id003Link open() throws IOException {
        return new HangingLink(delegate.open(), this);
      }
    }
  }
}
