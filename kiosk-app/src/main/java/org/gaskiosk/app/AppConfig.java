package org.gaskiosk.app;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.gaskiosk.core.engine.KioskConfig;
import org.gaskiosk.core.fleet.SignedMessages;
import org.gaskiosk.hw.bill.id003.DenominationTable;
import org.gaskiosk.hw.config.Settings;
import org.gaskiosk.hw.gpio.GpioConfig;
import org.gaskiosk.hw.printer.PrinterConfig;

/**
 * The kiosk's one configuration file ({@code /etc/gaskiosk/kiosk.properties}), read and checked as
 * a whole before anything starts. Every key has a default (the commented template {@code
 * kiosk.properties} in the release lists them all); a key this build does not know, or a value out
 * of range, is refused with a message naming the key and the reason, so a kiosk misconfigured in
 * the field says exactly which line to fix.
 *
 * <p>Secrets are not here: {@link #secretsFile} names the file that holds them ({@link Secrets}).
 */
public record AppConfig(
    Path source,
    KioskConfig kiosk,
    Path dataDir,
    Path logsDir,
    int uiPort,
    String mqttUri,
    Optional<String> mqttUsername,
    Optional<Path> mqttCaFile,
    Duration mqttRequestTimeout,
    PublicKey centralKey,
    Path centralKeyFile,
    Duration telemetryInterval,
    Set<String> requiredDevices,
    Path secretsFile,
    Optional<String> cardReaderName,
    String acceptorDevice,
    Set<Long> acceptedNotesFen,
    Duration acceptorPoll,
    String printerDevice,
    PrinterConfig printer,
    String scannerDevice,
    boolean gpioEnabled,
    GpioConfig gpio,
    Duration deviceCheckInterval,
    Duration engineCheckTimeout,
    Duration deviceLoopStallLimit,
    Duration shutdownSettle) {

  /** The configuration cannot be used; the message names the key and the reason. */
  public static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Keys this class reads itself; {@code printer.*} and {@code gpio.*} are checked by theirs. */
  static final Set<String> KEYS =
      Set.of(
          "kiosk.id",
          "kiosk.terminal-id",
          "purchase.min-amount-fen",
          "purchase.max-amount-fen",
          "timeouts.choice-s",
          "timeouts.cash-s",
          "timeouts.result-s",
          "data.dir",
          "logs.dir",
          "ui.port",
          "mqtt.uri",
          "mqtt.username",
          "mqtt.ca-file",
          "mqtt.request-timeout-ms",
          "fleet.central-key-file",
          "fleet.telemetry-interval-s",
          "fleet.required-devices",
          "secrets.file",
          "card.reader-name",
          "acceptor.device",
          "acceptor.notes-fen",
          "acceptor.poll-ms",
          "scanner.device",
          "gpio.enabled",
          "watchdog.engine-timeout-ms",
          "watchdog.device-stall-ms",
          "devices.check-interval-ms",
          "shutdown.settle-ms");

  static final Set<String> DEVICES = Set.of("card-reader", "bill-acceptor", "printer", "gpio");

  /** Reads and checks {@code file}. */
  public static AppConfig load(Path file) throws Invalid {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException | IllegalArgumentException e) {
      throw new Invalid("cannot read " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> values = new HashMap<>();
    p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));
    return of(file, values);
  }

  /** Checks {@code values} as if read from {@code source}. */
  public static AppConfig of(Path source, Map<String, String> values) throws Invalid {
    try {
      return parse(source, values);
    } catch (IllegalArgumentException e) {
      throw new Invalid(e.getMessage(), e);
    }
  }

  private static AppConfig parse(Path source, Map<String, String> raw) {
    // Blank values mean "the default", so a template line left as "key=" is harmless.
    Map<String, String> values = new HashMap<>();
    raw.forEach(
        (k, v) -> {
          if (!v.isBlank()) {
            values.put(k.strip(), v.strip());
          }
        });
    rejectUnknown(values.keySet());
    Settings s = Settings.of(values);
    String kioskId = s.text("kiosk.id").orElseGet(AppConfig::hostName);
    if (!kioskId.matches("[A-Za-z0-9_-]{1,32}")) {
      throw new IllegalArgumentException(
          "kiosk.id must be 1-32 letters, digits, '-' or '_' (it is part of MQTT topics), got \""
              + kioskId
              + "\"");
    }
    String terminalId = s.text("kiosk.terminal-id").orElseGet(() -> terminalIdOf(kioskId));
    if (!terminalId.matches("[0-9A-Fa-f]{12}")) {
      throw new IllegalArgumentException(
          "kiosk.terminal-id must be 12 hex digits (the card's 6-byte terminal id), got \""
              + terminalId
              + "\"");
    }
    int minFen = s.integer("purchase.min-amount-fen", 1_000, 1, 10_000_000);
    int maxFen = s.integer("purchase.max-amount-fen", 100_000, 1, 10_000_000);
    if (maxFen < minFen) {
      throw new IllegalArgumentException(
          "purchase.max-amount-fen ("
              + maxFen
              + ") must not be below purchase.min-amount-fen ("
              + minFen
              + ")");
    }
    KioskConfig kiosk =
        new KioskConfig(
            kioskId,
            terminalId,
            minFen,
            maxFen,
            Duration.ofSeconds(s.integer("timeouts.choice-s", 60, 5, 3600)),
            Duration.ofSeconds(s.integer("timeouts.cash-s", 90, 5, 3600)),
            Duration.ofSeconds(s.integer("timeouts.result-s", 20, 1, 3600)),
            Duration.ofMillis(50));
    Path dataDir = absolutePath(s, "data.dir", "/var/lib/gaskiosk");
    Path logsDir = absolutePath(s, "logs.dir", "/var/log/gaskiosk");
    String mqttUri = s.text("mqtt.uri", "tcp://127.0.0.1:1883");
    checkBrokerUri(mqttUri);
    Optional<Path> ca = s.text("mqtt.ca-file").map(v -> existingFile("mqtt.ca-file", v));
    if (ca.isPresent() && !mqttUri.startsWith("ssl://")) {
      throw new IllegalArgumentException(
          "mqtt.ca-file is set but mqtt.uri is " + mqttUri + "; a broker CA needs an ssl:// URI");
    }
    Path keyFile =
        existingFile(
            "fleet.central-key-file",
            s.text("fleet.central-key-file", "/etc/gaskiosk/central-command-key.pem"));
    PublicKey centralKey;
    try {
      centralKey = SignedMessages.readPublicKey(keyFile);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "fleet.central-key-file "
              + keyFile
              + " holds no Ed25519 public key (PEM or base64): "
              + e.getMessage(),
          e);
    }
    Set<String> required = list(s, "fleet.required-devices", "card-reader,bill-acceptor");
    for (String d : required) {
      if (!DEVICES.contains(d)) {
        throw new IllegalArgumentException(
            "fleet.required-devices: unknown device \""
                + d
                + "\"; known: "
                + new TreeSet<>(DEVICES));
      }
    }
    Set<Long> notes = new LinkedHashSet<>();
    for (String n : list(s, "acceptor.notes-fen", "100,500,1000,2000,5000,10000")) {
      long fen;
      try {
        fen = Long.parseLong(n);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "acceptor.notes-fen must list note values in fen, got \"" + n + "\"");
      }
      if (DenominationTable.CNY.code(fen).isEmpty()) {
        throw new IllegalArgumentException(
            "acceptor.notes-fen: "
                + fen
                + " fen is not a banknote the acceptor knows; known: "
                + new TreeSet<>(DenominationTable.CNY.values()));
      }
      notes.add(fen);
    }
    String acceptorDevice = s.text("acceptor.device", "/dev/kiosk-acceptor");
    String printerDevice = s.text(PrinterConfig.DEVICE_KEY, "/dev/kiosk-printer");
    PrinterConfig printer = PrinterConfig.fromSettings(values);
    boolean gpioEnabled = s.bool("gpio.enabled", true);
    Map<String, String> gpioValues = new HashMap<>(typicalWiringSettings());
    values.forEach(
        (k, v) -> {
          if (k.startsWith("gpio.") && !k.equals("gpio.enabled")) {
            gpioValues.put(k, v);
          }
        });
    GpioConfig gpio = GpioConfig.fromSettings(gpioValues);
    return new AppConfig(
        source,
        kiosk,
        dataDir,
        logsDir,
        s.integer("ui.port", 8080, 1, 65535),
        mqttUri,
        s.text("mqtt.username"),
        ca,
        s.millis("mqtt.request-timeout-ms", 10_000, 1_000, 60_000),
        centralKey,
        keyFile,
        Duration.ofSeconds(s.integer("fleet.telemetry-interval-s", 60, 5, 86_400)),
        required,
        absolutePath(s, "secrets.file", "/etc/gaskiosk/secrets.properties"),
        s.text("card.reader-name"),
        acceptorDevice,
        notes,
        s.millis("acceptor.poll-ms", 150, 100, 1_000),
        printerDevice,
        printer,
        s.text("scanner.device", "/dev/kiosk-scanner"),
        gpioEnabled,
        gpio,
        s.millis("devices.check-interval-ms", 5_000, 100, 600_000),
        s.millis("watchdog.engine-timeout-ms", 20_000, 50, 60_000),
        s.millis("watchdog.device-stall-ms", 20_000, 500, 600_000),
        s.millis("shutdown.settle-ms", 5_000, 0, 60_000));
  }

  private static void rejectUnknown(Set<String> keys) {
    Set<String> unknown = new TreeSet<>();
    for (String k : keys) {
      if (!KEYS.contains(k) && !k.startsWith("printer.") && !k.startsWith("gpio.")) {
        unknown.add(k);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown key "
              + String.join(", ", unknown)
              + " (misspelt? every key is listed in the template kiosk.properties)");
    }
  }

  /** The typical wiring of docs/devices.md as settings, so the file only lists what differs. */
  static Map<String, String> typicalWiringSettings() {
    GpioConfig t = GpioConfig.typicalWiring();
    Map<String, String> m = new HashMap<>();
    for (var o : List.of(t.greenLed(), t.amberLed(), t.redLed(), t.buzzer(), t.cardSlotLight())) {
      m.put(o.key() + ".bcm", Integer.toString(o.bcm()));
      m.put(o.key() + ".active", o.activeHigh() ? "high" : "low");
    }
    for (var i : List.of(t.cashBoxDoor(), t.cabinetTamper())) {
      m.put(i.key() + ".bcm", Integer.toString(i.bcm()));
      m.put(i.key() + ".open", i.openIsHigh() ? "high" : "low");
      m.put(i.key() + ".pull", i.pull().name().toLowerCase(Locale.ROOT));
    }
    m.put("gpio.debounce-ms", Long.toString(t.debounce().toMillis()));
    m.put("gpio.beep-ms", Long.toString(t.beepLength().toMillis()));
    return m;
  }

  private static Set<String> list(Settings s, String key, String fallback) {
    Set<String> out = new LinkedHashSet<>();
    for (String part : s.text(key, fallback).split(",")) {
      if (!part.isBlank()) {
        out.add(part.strip());
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(key + " must list at least one value");
    }
    return out;
  }

  private static Path absolutePath(Settings s, String key, String fallback) {
    Path p = Path.of(s.text(key, fallback));
    if (!p.isAbsolute()) {
      throw new IllegalArgumentException(key + " must be an absolute path, got \"" + p + "\"");
    }
    return p;
  }

  private static Path existingFile(String key, String value) {
    Path p = Path.of(value);
    if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
      throw new IllegalArgumentException(key + ": no readable file at " + p);
    }
    return p;
  }

  private static void checkBrokerUri(String uri) {
    try {
      URI u = new URI(uri);
      if (!List.of("tcp", "ssl").contains(u.getScheme()) || u.getHost() == null) {
        throw new IllegalArgumentException(
            "mqtt.uri must be tcp://host:port or ssl://host:port, got \"" + uri + "\"");
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "mqtt.uri is not a URI (" + e.getMessage() + "): \"" + uri + "\"", e);
    }
  }

  /** This machine's host name as a kiosk id (letters, digits, '-', '_'), the default kiosk.id. */
  static String hostName() {
    String name;
    try {
      name = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      name = "kiosk";
    }
    String id = name.split("\\.")[0].replaceAll("[^A-Za-z0-9_-]", "-");
    return id.length() > 32 ? id.substring(0, 32) : id;
  }

  /** The 6-byte terminal id as 12 hex digits, derived from the kiosk id so each kiosk differs. */
  static String terminalIdOf(String kioskId) {
    long h = 1125899906842597L;
    for (char c : kioskId.toCharArray()) {
      h = 31 * h + c;
    }
    return String.format("%012X", h & 0xFFFF_FFFF_FFFFL);
  }
}
