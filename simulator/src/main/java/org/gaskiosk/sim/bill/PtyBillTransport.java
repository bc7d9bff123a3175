package org.gaskiosk.sim.bill;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.gaskiosk.hw.bill.id003.SerialId003Link;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated acceptor behind a real serial path: socat joins two pseudo-terminals, the device
 * model serves one through jSerialComm, and the production driver opens the other by path exactly
 * as it opens {@code /dev/serial/by-id/...} on a kiosk. socat is a required tool here, never
 * optional: without it {@link #start} fails with a message that says how to install it.
 */
public final class PtyBillTransport implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PtyBillTransport.class);
  private static final long START_TIMEOUT_SECONDS = 10;
  private static final String READY_LINE = "starting data transfer loop";

  private final Process socat;
  private final Id003Simulator simulator;
  private final Path driverPath;
  private final Path devicePath;

  private PtyBillTransport(
      Process socat, Id003Simulator simulator, Path driverPath, Path devicePath) {
    this.socat = socat;
    this.simulator = simulator;
    this.driverPath = driverPath;
    this.devicePath = devicePath;
  }

  /** Starts socat and a fresh simulated acceptor; the driver opens {@link #driverPath()}. */
  public static PtyBillTransport start(Path folder) throws IOException {
    return start(folder, new Id003Device());
  }

  public static PtyBillTransport start(Path folder, Id003Device device) throws IOException {
    Path socatBinary = socat();
    Files.createDirectories(folder);
    Path driver = folder.resolve("bill-acceptor").toAbsolutePath();
    Path deviceSide = folder.resolve("bill-acceptor-device").toAbsolutePath();
    Files.deleteIfExists(driver);
    Files.deleteIfExists(deviceSide);
    Process socat =
        new ProcessBuilder(
                socatBinary.toString(),
                "-d",
                "-d",
                "pty,raw,echo=0,link=" + deviceSide,
                "pty,raw,echo=0,link=" + driver)
            .redirectErrorStream(true)
            .start();
    try {
      awaitReady(socat);
      SerialId003Link deviceLink = SerialId003Link.open(deviceSide.toString());
      Id003Simulator sim = Id003Simulator.serve(device, deviceLink);
      log.info("simulated ID003 acceptor on pty {}; the driver opens {}", deviceSide, driver);
      return new PtyBillTransport(socat, sim, driver, deviceSide);
    } catch (IOException | RuntimeException e) {
      socat.destroy();
      throw e;
    }
  }

  /** The path the driver opens, e.g. {@code SerialId003Link.opener(driverPath().toString())}. */
  public Path driverPath() {
    return driverPath;
  }

  public Path devicePath() {
    return devicePath;
  }

  public Id003Device device() {
    return simulator.device();
  }

  public Id003Simulator simulator() {
    return simulator;
  }

  @Override
  public void close() {
    simulator.close();
    socat.destroy();
    try {
      if (!socat.waitFor(5, TimeUnit.SECONDS)) {
        socat.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** socat on the PATH, or a failure that tells the engineer what to install. */
  static Path socat() {
    return socatOn(System.getenv().getOrDefault("PATH", ""));
  }

  static Path socatOn(String path) {
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "socat");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "socat is not installed (not found on PATH="
            + path
            + "): the pty bill transport needs it. Install it with `apt-get install socat`;"
            + " scripts/test.sh installs it on a fresh machine.");
  }

  /** Waits for socat to report both ptys linked, echoing its log lines at debug level. */
  private static void awaitReady(Process socat) throws IOException {
    CompletableFuture<Void> ready = new CompletableFuture<>();
    StringBuilder output = new StringBuilder();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(socat.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  log.debug("socat: {}", line);
                  synchronized (output) {
                    output.append(line).append('\n');
                  }
                  if (line.contains(READY_LINE)) {
                    ready.complete(null);
                  }
                }
              } catch (IOException e) {
                ready.completeExceptionally(e);
              }
              ready.completeExceptionally(new IOException("socat exited"));
            },
            "socat-log");
    reader.setDaemon(true);
    reader.start();
    try {
      ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting socat", e);
    } catch (ExecutionException | TimeoutException e) {
      String seen;
      synchronized (output) {
        seen = output.toString();
      }
      throw new IOException(
          "socat did not link the ptys within "
              + START_TIMEOUT_SECONDS
              + " s; its output:\n"
              + seen,
          e);
    }
  }
}
