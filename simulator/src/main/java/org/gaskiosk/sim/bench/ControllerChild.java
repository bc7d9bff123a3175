package org.gaskiosk.sim.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import org.gaskiosk.sim.card.IssuerKeys;
import org.gaskiosk.ui.KioskUiServer;

/**
 * The controller alone in a JVM of its own, for figure 3: started by {@link StartupFigure} with the
 * production heap cap. Prints {@code READY} once the API answers, the devices are open and the
 * uplink is connected; then does the purchases, prints {@code DONE} and waits until its stdin
 * closes.
 *
 * <p>Arguments: broker URI, folder, issuer keys file, purchases.
 */
public final class ControllerChild {
  private ControllerChild() {}

  private static String firstLine(int port) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket
          .getOutputStream()
          .write(
              "GET /api/state HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      return new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
    }
  }

  /** Milliseconds since the JVM started, with a name: where start-up time goes. */
  private static void phase(String name) {
    long since = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    System.out.println("PHASE " + name + " " + since);
    System.out.flush();
  }

  public static void main(String[] args) {
    phase("main");
    try {
      serve(args);
    } catch (Throwable e) {
      // Jetty's threads would keep a failed child alive and its parent waiting: end it.
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void serve(String[] args) throws Exception {
    String broker = args[0];
    Path folder = Path.of(args[1]);
    IssuerKeys keys = IssuerKeys.loadOrCreate(Path.of(args[2]), new Random());
    int purchases = Integer.parseInt(args[3]);
    System.setProperty("kiosk.data", folder.toAbsolutePath().toString());
    try (BenchKiosk kiosk =
        new BenchKiosk(
            broker,
            "BENCH-CHILD",
            folder.resolve("kiosk"),
            folder.resolve("cards"),
            keys,
            0,
            Clock.systemUTC())) {
      phase("controller-built");
      KioskUiServer ui = new KioskUiServer(kiosk.engine(), "127.0.0.1", 0);
      ui.start();
      phase("api-listening");
      kiosk.awaitConnected(Duration.ofSeconds(30));
      phase("uplink-connected");
      // Served means answered: one plain HTTP request, without loading java.net.http for it.
      String status = firstLine(ui.port());
      if (!status.contains(" 200 ")) {
        throw new IllegalStateException("the kiosk API answered " + status);
      }
      System.out.println("READY");
      System.out.flush();
      for (int i = 0; i < purchases; i++) {
        kiosk.purchase();
      }
      System.out.println("DONE");
      System.out.flush();
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
        while (in.readLine() != null) {
          // wait for the parent to close our stdin
        }
      }
      ui.close();
    }
    System.exit(0);
  }
}
