package org.gaskiosk.sim;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's command line. Every option is checked here; a bad one ends the program with a message
 * naming it.
 *
 * @param data the folder everything persists in (journal, cards, central ledger, receipts)
 * @param mqtt an external broker, or null for the embedded one
 * @param kioskPort the kiosk screen and API
 * @param simPort the simulator control API
 * @param brokerPort the embedded broker's port
 * @param kioskId the simulated kiosk's id
 * @param cardTransport {@code inproc} (a javax.smartcardio provider) or {@code pcsc} (pcscd + vpcd)
 * @param billTransport {@code inproc} (in-memory byte link) or {@code pty} (socat pseudo-terminals)
 * @param telemetryInterval how often the kiosk publishes telemetry (60 s in the field)
 * @param settleAt when the business day closes (the daily settlement), local time
 */
public record DemoOptions(
    Path data,
    URI mqtt,
    int kioskPort,
    int simPort,
    int brokerPort,
    String kioskId,
    String cardTransport,
    String billTransport,
    Duration telemetryInterval,
    LocalTime settleAt) {

  static final String USAGE =
      String.join(
          "\n",
          "usage: java -jar kiosk-demo.jar [options]",
          "  --data DIR            where everything persists (default ./data)",
          "  --mqtt URL            use this broker (tcp://host:port) instead of the embedded one",
          "  --kiosk-port N        kiosk screen and API port (default 8080)",
          "  --sim-port N          simulator control API port (default 8081)",
          "  --broker-port N       embedded broker port (default 1883)",
          "  --kiosk-id ID         the simulated kiosk's id (default K0001)",
          "  --card-transport T    inproc (default: a javax.smartcardio provider) or pcsc (pcscd + vpcd)",
          "  --bill-transport T    inproc (default: ID003 over an in-memory link) or pty (socat pty pair)",
          "  --telemetry-interval S  seconds between telemetry messages, 1-3600 (default 60)",
          "  --settle-at HH:MM[:SS]  local time the business day closes (default 23:30)");

  /** A bad command line: the message says which option and why. */
  public static final class Invalid extends RuntimeException {
    Invalid(String message) {
      super(message);
    }
  }

  public static DemoOptions parse(String[] args) {
    Path data = Path.of("data");
    URI mqtt = null;
    int kioskPort = 8080;
    int simPort = 8081;
    int brokerPort = 1883;
    String kioskId = "K0001";
    String cardTransport = "inproc";
    String billTransport = "inproc";
    Duration telemetryInterval = Duration.ofSeconds(60);
    LocalTime settleAt = LocalTime.of(23, 30);
    List<String> rest = new ArrayList<>(List.of(args));
    while (!rest.isEmpty()) {
      String opt = rest.remove(0);
      if (opt.equals("--help") || opt.equals("-h")) {
        throw new Invalid(USAGE);
      }
      if (rest.isEmpty()) {
        throw new Invalid("option " + opt + " needs a value\n" + USAGE);
      }
      String value = rest.remove(0);
      switch (opt) {
        case "--data" -> data = Path.of(value);
        case "--mqtt" -> mqtt = broker(value);
        case "--kiosk-port" -> kioskPort = port(opt, value);
        case "--sim-port" -> simPort = port(opt, value);
        case "--broker-port" -> brokerPort = port(opt, value);
        case "--kiosk-id" -> {
          if (!value.matches("[A-Za-z0-9_-]{1,32}")) {
            throw new Invalid("--kiosk-id must be 1-32 letters, digits, '-' or '_': " + value);
          }
          kioskId = value;
        }
        case "--card-transport" -> cardTransport = transport(opt, value, "inproc", "pcsc");
        case "--bill-transport" -> billTransport = transport(opt, value, "inproc", "pty");
        case "--telemetry-interval" -> telemetryInterval = seconds(opt, value, 1, 3600);
        case "--settle-at" -> settleAt = timeOfDay(opt, value);
        default -> throw new Invalid("unknown option " + opt + "\n" + USAGE);
      }
    }
    return new DemoOptions(
        data,
        mqtt,
        kioskPort,
        simPort,
        brokerPort,
        kioskId,
        cardTransport,
        billTransport,
        telemetryInterval,
        settleAt);
  }

  private static LocalTime timeOfDay(String opt, String value) {
    try {
      return LocalTime.parse(value);
    } catch (DateTimeParseException e) {
      throw new Invalid(opt + " must be a time of day like 23:30 or 23:59:59, got " + value);
    }
  }

  private static String transport(String opt, String value, String... allowed) {
    if (!List.of(allowed).contains(value)) {
      throw new Invalid(opt + " must be one of " + String.join(", ", allowed) + ", got " + value);
    }
    return value;
  }

  private static URI broker(String value) {
    try {
      URI uri = URI.create(value);
      if (!List.of("tcp", "ssl").contains(uri.getScheme()) || uri.getHost() == null) {
        throw new Invalid("--mqtt must look like tcp://host:port or ssl://host:port, got " + value);
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new Invalid("--mqtt is not a URL: " + value);
    }
  }

  private static Duration seconds(String opt, String value, int min, int max) {
    try {
      int s = Integer.parseInt(value);
      if (s < min || s > max) {
        throw new NumberFormatException();
      }
      return Duration.ofSeconds(s);
    } catch (NumberFormatException e) {
      throw new Invalid(
          opt + " must be a whole number of seconds " + min + "-" + max + ", got " + value);
    }
  }

  private static int port(String opt, String value) {
    try {
      int p = Integer.parseInt(value);
      if (p < 0 || p > 65535) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      throw new Invalid(opt + " must be a port number 1-65535 (0: any free port), got " + value);
    }
  }
}
