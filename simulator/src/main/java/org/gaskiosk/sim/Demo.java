package org.gaskiosk.sim;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.gaskiosk.core.domain.CardFamily;
import org.gaskiosk.core.engine.KioskConfig;
import org.gaskiosk.core.engine.KioskEngine;
import org.gaskiosk.core.engine.QrSettings;
import org.gaskiosk.core.fleet.CommandHandler;
import org.gaskiosk.core.fleet.Faults;
import org.gaskiosk.core.fleet.FleetAgent;
import org.gaskiosk.core.fleet.FleetConfig;
import org.gaskiosk.core.fleet.TelemetrySources;
import org.gaskiosk.core.journal.CashBoxTotals;
import org.gaskiosk.core.journal.CrashPoint;
import org.gaskiosk.core.journal.JournalDatabase;
import org.gaskiosk.core.journal.RechargeJournal;
import org.gaskiosk.core.port.BillAcceptor;
import org.gaskiosk.core.port.LookupResult;
import org.gaskiosk.core.port.Receipt;
import org.gaskiosk.core.uplink.MqttUplink;
import org.gaskiosk.core.uplink.UplinkConfig;
import org.gaskiosk.hw.bill.id003.DeviceFaultListener;
import org.gaskiosk.hw.bill.id003.Id003Acceptor;
import org.gaskiosk.hw.bill.id003.Id003Config;
import org.gaskiosk.hw.bill.id003.SerialId003Link;
import org.gaskiosk.hw.card.PcscCardReader;
import org.gaskiosk.hw.gpio.GpioConfig;
import org.gaskiosk.hw.printer.EscPosPrinter;
import org.gaskiosk.hw.printer.PrinterConfig;
import org.gaskiosk.sim.bill.BillStation;
import org.gaskiosk.sim.bill.InMemoryBillTransport;
import org.gaskiosk.sim.bill.PtyBillTransport;
import org.gaskiosk.sim.broker.EmbeddedBroker;
import org.gaskiosk.sim.broker.NetworkSwitch;
import org.gaskiosk.sim.card.IssuerKeys;
import org.gaskiosk.sim.card.OtherCardImage;
import org.gaskiosk.sim.card.SimCardFixtures;
import org.gaskiosk.sim.card.SimCardSlot;
import org.gaskiosk.sim.card.SimTerminalProvider;
import org.gaskiosk.sim.card.pcsc.PcscDemoTransport;
import org.gaskiosk.sim.central.Account;
import org.gaskiosk.sim.central.CentralConfig;
import org.gaskiosk.sim.central.CentralSimulator;
import org.gaskiosk.sim.gpio.SimGpio;
import org.gaskiosk.sim.printer.SimEscPosPrinter;
import org.gaskiosk.sim.scanner.ScannerStation;
import org.gaskiosk.ui.KioskUiServer;
import org.slf4j.LoggerFactory;

/**
 * The whole demo in one process: embedded broker, central simulator, simulated card slot, acceptor
 * and printer, and the production controller (journal, uplink, engine, touchscreen server) wired to
 * them, plus the control API.
 *
 * <p>The controller code is the production code; only the devices and the central system are
 * simulated, chosen explicitly here and never as a fallback.
 */
public final class Demo implements AutoCloseable {
  /** Residents' names for the fixture accounts (masked on screen). */
  private static final Map<String, String> HOLDERS =
      Map.of(
          "3100000000000001", "张建国",
          "3100000000000002", "李秀英",
          "3100000000000003", "王德明",
          "4200000000000004", "赵桂兰",
          "3100000000000006", "陈志强");

  /** The gas company's service hotline the demo kiosk shows on its help screen (fictional). */
  public static final String DEMO_HOTLINE = "400-800-9510";

  /** A card of another application (a bank card) among the demo's cards. */
  public static final String FOREIGN_CARD = "6222000000000007";

  private final Deque<AutoCloseable> open = new ArrayDeque<>();
  private final DemoOptions options;
  private String brokerUri;
  private CentralSimulator central;
  private SimCardSlot slot;
  private ControllerSlot engine;
  private KioskUiServer ui;
  private SimControlApi simApi;
  private RechargeJournal journal;
  private FleetAgent fleet;
  private Keepers keepers;
  private final FleetFaults acceptorFaults = new FleetFaults();

  private Demo(DemoOptions options) {
    this.options = options;
  }

  /**
   * Starts everything; on failure, whatever started is stopped again before the exception leaves.
   */
  public static Demo start(DemoOptions options) throws IOException {
    Demo demo = new Demo(options);
    try {
      demo.startAll();
      return demo;
    } catch (IOException | RuntimeException e) {
      demo.close();
      throw e;
    }
  }

  private void startAll() throws IOException {
    Path data = options.data().toAbsolutePath();
    Files.createDirectories(data);
    Clock clock = Clock.systemDefaultZone();

    requireFree(options.kioskPort(), "--kiosk-port");
    requireFree(options.simPort(), "--sim-port");
    if (options.mqtt() == null) {
      requireFree(
          options.brokerPort(),
          "--broker-port (or --mqtt tcp://127.0.0.1:PORT to use that broker)");
      EmbeddedBroker broker = new EmbeddedBroker(data, options.brokerPort());
      broker.start();
      open.push(broker);
      brokerUri = broker.uri();
    } else {
      brokerUri = options.mqtt().toString();
    }

    IssuerKeys keys =
        IssuerKeys.loadOrCreate(data.resolve("issuer-keys.properties"), new SecureRandom());
    central =
        new CentralSimulator(
            CentralConfig.of(brokerUri, data).withLoadKeys(keys::loadKeyFor), clock);
    central.start();
    open.push(central);
    seedAccounts();
    awaitCentral();

    slot = SimCardSlot.open(data.resolve("cards"), keys);
    if (slot.image(FOREIGN_CARD).isEmpty()) {
      // A bank card, to see how the kiosk answers a card of another application.
      slot.addCard(OtherCardImage.foreignApplication(FOREIGN_CARD));
    }
    BillStation bills = startBillAcceptor(data, clock);
    BillAcceptor acceptor = bills.driver();
    // The QR scanner follows --bill-transport: in memory, or behind its own socat pty pair.
    ScannerStation scanner =
        options.billTransport().equals("pty")
            ? ScannerStation.pty(data.resolve("pty"))
            : ScannerStation.inMemory();
    open.push(scanner);
    SimEscPosPrinter simPrinter = SimEscPosPrinter.open(data.resolve("printer"), clock);
    EscPosPrinter printer =
        new EscPosPrinter(
            simPrinter.link("sim-printer"), PrinterConfig.defaults("sim-printer"), clock);
    open.push(printer);
    SimGpio gpio = SimGpio.start(GpioConfig.typicalWiring(), clock);
    open.push(gpio);
    NetworkSwitch network = new NetworkSwitch();

    JournalDatabase db = JournalDatabase.openFile(data.resolve("journal"), true);
    open.push(db);
    journal = new RechargeJournal(db, clock, CrashPoint.NONE);
    CashBoxTotals cashBox = new CashBoxTotals(db);
    String bootId = UUID.randomUUID().toString();
    MqttUplink uplink =
        new MqttUplink(
            UplinkConfig.defaults(brokerUri, options.kioskId())
                .withRequestTimeout(Duration.ofSeconds(5))
                .withSocketFactory(network),
            journal.outbox(),
            clock,
            bootId);
    uplink.start();
    open.push(uplink);

    PcscCardReader reader = cardReader(clock);
    // The devices' drivers and the engine's slot outlive in-process restarts (reboot, new cfg).
    AcceptorAcrossRestarts cash = new AcceptorAcrossRestarts(acceptor);
    open.push(cash);
    ScannerAcrossRestarts qrScanner = new ScannerAcrossRestarts(scanner.driver());
    open.push(qrScanner);
    Function<KioskConfig, KioskEngine> startEngine =
        cfg ->
            new KioskEngine(cfg, clock, reader, cash, printer, gpio.indicators(), uplink, journal)
                .withQr(qrScanner, QrSettings.defaults())
                .start();
    KioskConfig kioskConfig =
        KioskConfig.defaults(options.kioskId(), terminalIdOf(options.kioskId()))
            .withHotline(DEMO_HOTLINE);
    engine = new ControllerSlot(startEngine.apply(kioskConfig));
    open.push(engine);
    ControllerRestarts restarts =
        new ControllerRestarts(engine, startEngine, kioskConfig, options.telemetryInterval());
    open.push(restarts);

    fleet =
        new FleetAgent(
            FleetConfig.defaults(
                    options.kioskId(), data.resolve("fleet"), central.commandPublicKey())
                .withTelemetryInterval(options.telemetryInterval()),
            clock,
            bootId,
            uplink.fleet(),
            engine,
            journal::record,
            restarts,
            new TelemetrySources(
                () ->
                    Map.of(
                        "bill-acceptor",
                        bills.health(),
                        "card-reader",
                        reader.health(),
                        "printer",
                        printer.lastStatus().describe()),
                () -> {
                  CashBoxTotals.Totals box = cashBox.now();
                  return new TelemetrySources.CashBox(box.notes(), box.valueFen());
                },
                data,
                TelemetrySources.LINUX_THERMAL),
            Map.of(
                "print-test",
                printTest(printer),
                "self-test",
                new DemoSelfTest(
                        clock, reader, bills::health, printer, gpio::state, journal, uplink)
                    .handler(),
                "collect-logs",
                new LogCollector(LogCollector::logbackFile, journal::record).handler(),
                "reboot",
                restarts.reboot()));
    restarts.attach(fleet);
    fleet.start();
    open.push(fleet);
    acceptorFaults.attach(fleet.faults());
    keepers =
        Keepers.start(
            data,
            clock,
            options.kioskId(),
            options.settleAt(),
            fleet.faults(),
            journal,
            printer,
            gpio,
            new Keepers.Checks(bills::health, reader::health));
    open.push(keepers);
    // Printer faults come from Keepers (PrinterFaults on the polled DLE EOT status).
    open.push(new ReaderFleetFaults(reader::health, fleet.faults()).start());

    ui =
        new KioskUiServer(engine, "127.0.0.1", options.kioskPort()).withMaintenance(keepers.desk());
    ui.start();
    open.push(ui);

    simApi = new SimControlApi(slot, bills, simPrinter, new CentralAdapter(central), gpio, network);
    simApi.withQr(new QrSimRoutes(scanner, central));
    simApi.start(options.simPort());
    open.push(simApi);
  }

  private CommandHandler printTest(EscPosPrinter printer) {
    return CommandHandler.of(
        false,
        args -> {
          var result =
              printer.print(
                  new Receipt(
                      "test",
                      List.of("打印测试 PRINT TEST", "终端 Kiosk: " + options.kioskId()),
                      "TEST"));
          return result.printed()
              ? CommandHandler.Outcome.done("test receipt printed")
              : CommandHandler.Outcome.failed(result.detail());
        });
  }

  /**
   * The production ID003 driver talking to the simulated acceptor: over an in-memory byte link, or
   * over a socat pseudo-terminal pair ({@code --bill-transport pty}) exactly as it would over a
   * serial port.
   */
  /**
   * Starts the kiosk only once the central listens: an event batch published before that is lost,
   * and the kiosk would send it again only after its 30 s ack timeout.
   */
  private void awaitCentral() throws IOException {
    try {
      if (!central.awaitSubscribed(Duration.ofSeconds(10))) {
        LoggerFactory.getLogger(Demo.class)
            .warn("central simulator not subscribed after 10 s; starting the kiosk anyway");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the central simulator", e);
    }
  }

  private BillStation startBillAcceptor(Path data, Clock clock) throws IOException {
    Id003Config config = Id003Config.defaults(clock);
    DeviceFaultListener faults = acceptorFaults;
    if (options.billTransport().equals("pty")) {
      PtyBillTransport pty = PtyBillTransport.start(data.resolve("pty"));
      open.push(pty);
      Id003Acceptor driver =
          new Id003Acceptor(SerialId003Link.opener(pty.driverPath().toString()), config, faults);
      return new BillStation(pty.device(), driver);
    }
    InMemoryBillTransport memory = InMemoryBillTransport.start();
    open.push(memory);
    return new BillStation(
        memory.device(), new Id003Acceptor(memory.driverOpener(), config, faults));
  }

  /**
   * Acceptor faults into the fleet's fault lifecycle (journaled, sent to the central system, and
   * the kiosk's mode follows). The acceptor starts before the fleet agent, so faults raised
   * meanwhile are logged and replayed.
   */
  private static final class FleetFaults implements DeviceFaultListener {
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger("faults");
    private final Map<String, Object[]> early = new LinkedHashMap<>();
    private Faults target;

    synchronized void attach(Faults faults) {
      target = faults;
      early.values().forEach(f -> raise(f));
      early.clear();
    }

    @Override
    public synchronized void raised(String device, String code, Severity severity, String text) {
      LOG.warn("fault raised: {} {} {}: {}", device, code, severity, text);
      Object[] f = {device, code, severity, text};
      if (target == null) {
        early.put(device + "/" + code, f);
      } else {
        raise(f);
      }
    }

    private void raise(Object[] f) {
      // Any acceptor fault that stops it taking money takes the kiosk out of cash service.
      // Two Severity types meet here: the acceptor's (inherited from DeviceFaultListener) and the
      // fleet's.
      org.gaskiosk.core.fleet.Severity s =
          f[2] == Severity.WARNING
              ? org.gaskiosk.core.fleet.Severity.WARNING
              : org.gaskiosk.core.fleet.Severity.CRITICAL;
      target.raise((String) f[0], (String) f[1], s, (String) f[3]);
    }

    @Override
    public synchronized void cleared(String device, String code, String recovery) {
      LOG.info("fault cleared: {} {} ({})", device, code, recovery);
      if (target == null) {
        early.remove(device + "/" + code);
      } else {
        target.clear(device, code);
      }
    }
  }

  /**
   * The production PC/SC reader over the simulated slot: through an in-process javax.smartcardio
   * provider, or with {@code --card-transport pcsc} through the system's pcscd and vsmartcard's
   * vpcd (the slot serves a virtual card).
   */
  private PcscCardReader cardReader(Clock clock) {
    if (options.cardTransport().equals("pcsc")) {
      PcscDemoTransport pcsc = PcscDemoTransport.start(slot);
      open.push(pcsc);
      return new PcscCardReader(pcsc.terminalFactory(), pcsc.readerName(), clock);
    }
    return new PcscCardReader(SimTerminalProvider.terminalFactory(slot), Optional.empty(), clock);
  }

  /**
   * Accounts for the fixture cards, created once; an existing account keeps what happened to it.
   */
  private void seedAccounts() {
    for (SimCardFixtures.Fixture f : SimCardFixtures.CARDS) {
      if (f.family() == CardFamily.TOOL || central.account(f.cardNo()).isPresent()) {
        continue;
      }
      Account a = Account.of(f.cardNo(), HOLDERS.getOrDefault(f.cardNo(), "住户"), f.unit());
      if (f.safetyHold()) {
        a =
            a.withSafety(
                LookupResult.Safety.HOLD,
                "燃气设施未通过安全检查，请预约安检后再购气。Safety inspection overdue: please book an"
                    + " inspection before buying gas.");
      }
      if (f.cardNo().equals(SimCardFixtures.VOLUME_PURSE.cardNo())) {
        a = a.withCycleVolume(24_000); // 240 m3: the next purchase crosses into tier 2
      }
      central.putAccount(a);
    }
  }

  /** Fails with the option to change when a port is taken (say, by a system Mosquitto on 1883). */
  private static void requireFree(int port, String option) throws IOException {
    if (port == 0) {
      return;
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress("127.0.0.1", port));
    } catch (IOException e) {
      throw new IOException(
          "port " + port + " on 127.0.0.1 is in use; choose another with " + option, e);
    }
  }

  /** The 6-byte terminal id as 12 hex digits, derived from the kiosk id so each kiosk differs. */
  static String terminalIdOf(String kioskId) {
    long h = 1125899906842597L;
    for (char c : kioskId.toCharArray()) {
      h = 31 * h + c;
    }
    return String.format("%012X", h & 0xFFFF_FFFF_FFFFL);
  }

  public int kioskPort() {
    return ui.port();
  }

  public int simPort() {
    return simApi.port();
  }

  public String brokerUri() {
    return brokerUri;
  }

  public CentralSimulator central() {
    return central;
  }

  public SimCardSlot slot() {
    return slot;
  }

  /** The engine running now (a reboot or a new configuration replaces it). */
  public KioskEngine engine() {
    return engine.engine();
  }

  public FleetAgent fleet() {
    return fleet;
  }

  /** The maintenance desk, the daily settlement and the watch on the cabinet. */
  Keepers keepers() {
    return keepers;
  }

  public RechargeJournal journal() {
    return journal;
  }

  @Override
  public void close() {
    while (!open.isEmpty()) {
      try {
        open.pop().close();
      } catch (Exception e) {
        LoggerFactory.getLogger(Demo.class).warn("while stopping the demo", e);
      }
    }
  }
}
