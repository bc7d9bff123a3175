package org.gaskiosk.sim.card.pcsc;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * vsmartcard's reader configuration for pcscd: {@code DEVICENAME /dev/null:<port>} makes the vpcd
 * driver listen for the virtual card of slot 0 on that TCP port (slot 1 on the next one).
 */
public final class VpcdConfig {
  /** Debian's configuration: port 0x8C7B = 35963. */
  public static final Path SYSTEM = Path.of("/etc/reader.conf.d/vpcd");

  /** The driver pcscd loads for it (Debian package vsmartcard-vpcd). */
  public static final Path DRIVER = Path.of("/usr/lib/pcsc/drivers/serial/libifdvpcd.so");

  private static final Pattern DEVICE_PORT =
      Pattern.compile("(?m)^\\s*DEVICENAME\\s+\\S*:(0[xX][0-9a-fA-F]+|\\d+)\\s*$");

  private VpcdConfig() {}

  /** A configuration for a virtual reader on {@code port}. */
  public static String text(int port) {
    return text(port, DRIVER);
  }

  /** The same with the driver at another path. */
  static String text(int port, Path driver) {
    return "FRIENDLYNAME \"Virtual PCD\"\n"
        + String.format("DEVICENAME   /dev/null:0x%04X%n", port)
        + "LIBPATH      "
        + driver
        + "\n"
        + String.format("CHANNELID    0x%04X%n", port);
  }

  /** The port of slot 0 named in a configuration (vpcd's default 35963 if none is named). */
  public static int portOf(String config) {
    Matcher m = DEVICE_PORT.matcher(config);
    if (!m.find()) {
      return VirtualCardClient.DEFAULT_PORT;
    }
    String value = m.group(1);
    return value.startsWith("0x") || value.startsWith("0X")
        ? Integer.parseInt(value.substring(2), 16)
        : Integer.parseInt(value);
  }

  /** A port P such that P and P + 1 (vpcd's two slots) are free on every interface. */
  public static int freePort() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      try (ServerSocket first = new ServerSocket(0)) {
        int port = first.getLocalPort();
        if (port >= 0xFFFF) {
          continue;
        }
        try (ServerSocket second = new ServerSocket(port + 1)) {
          return port;
        } catch (IOException taken) {
          // try another pair
        }
      }
    }
    throw new IOException("found no two free consecutive TCP ports for vpcd");
  }
}
