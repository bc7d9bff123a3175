package org.gaskiosk.sim.scanner;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.gaskiosk.hw.scanner.ScannerLink;
import org.gaskiosk.hw.scanner.SerialCodeScanner;
import org.gaskiosk.hw.scanner.SerialScannerLink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated QR scanner in CDC mode and the production driver reading it: over an in-memory byte
 * queue, or over a socat pseudo-terminal pair that the driver opens by path with jSerialComm, as it
 * opens {@code /dev/ttyACM0} on a kiosk. {@link #show} is the resident holding a payment code under
 * the scanner: the line goes out terminated by CR LF.
 */
public final class ScannerStation implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ScannerStation.class);
  private static final Duration REOPEN = Duration.ofMillis(500);

  private final SerialCodeScanner driver;
  private final LineSink sink;
  private final Process socat;

  private interface LineSink {
    void write(byte[] bytes) throws IOException;

    void close();
  }

  private ScannerStation(SerialCodeScanner driver, LineSink sink, Process socat) {
    this.driver = driver;
    this.sink = sink;
    this.socat = socat;
  }

  /** The scanner's bytes through a queue in this process. */
  public static ScannerStation inMemory() {
    BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    ScannerLink link =
        new ScannerLink() {
          @Override
          public int read(byte[] buffer) throws IOException {
            try {
              byte[] chunk = queue.poll(100, TimeUnit.MILLISECONDS);
              if (chunk == null) {
                return 0;
              }
              System.arraycopy(chunk, 0, buffer, 0, chunk.length);
              return chunk.length;
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IOException("interrupted");
            }
          }

          @Override
          public String describe() {
            return "in-memory scanner";
          }

          @Override
          public void close() {}
        };
    SerialCodeScanner driver = new SerialCodeScanner(() -> link, "sim", REOPEN);
    return new ScannerStation(
        driver,
        new LineSink() {
          @Override
          public void write(byte[] bytes) {
            for (int i = 0; i < bytes.length; i += 64) {
              byte[] chunk = new byte[Math.min(64, bytes.length - i)];
              System.arraycopy(bytes, i, chunk, 0, chunk.length);
              queue.add(chunk);
            }
          }

          @Override
          public void close() {}
        },
        null);
  }

  /** The scanner behind a socat pty pair in {@code folder}; socat is required, never optional. */
  public static ScannerStation pty(Path folder) throws IOException {
    Files.createDirectories(folder);
    Path driverSide = folder.resolve("qr-scanner").toAbsolutePath();
    Path deviceSide = folder.resolve("qr-scanner-device").toAbsolutePath();
    Files.deleteIfExists(driverSide);
    Files.deleteIfExists(deviceSide);
    Process socat =
        new ProcessBuilder(
                socat().toString(),
                "-d",
                "-d",
                "pty,raw,echo=0,link=" + deviceSide,
                "pty,raw,echo=0,link=" + driverSide)
            .redirectErrorStream(true)
            .start();
    try {
      awaitReady(socat);
      OutputStream device = Files.newOutputStream(deviceSide);
      SerialCodeScanner driver =
          new SerialCodeScanner(SerialScannerLink.opener(driverSide.toString()), "pty", REOPEN);
      log.info("simulated QR scanner on pty {}; the driver opens {}", deviceSide, driverSide);
      return new ScannerStation(
          driver,
          new LineSink() {
            @Override
            public synchronized void write(byte[] bytes) throws IOException {
              device.write(bytes);
              device.flush();
            }

            @Override
            public void close() {
              try {
                device.close();
              } catch (IOException e) {
                log.debug("closing the scanner pty: {}", e.toString());
              }
            }
          },
          socat);
    } catch (IOException | RuntimeException e) {
      socat.destroy();
      throw e;
    }
  }

  /** The production driver the kiosk engine reads. */
  public SerialCodeScanner driver() {
    return driver;
  }

  /** The resident shows {@code text} (a payment code, or anything else) to the scanner. */
  public void show(String text) throws IOException {
    if (text == null || text.isEmpty() || text.length() > 512 || text.contains("\n")) {
      throw new IllegalArgumentException("a scan is 1-512 characters on one line");
    }
    sink.write((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
  }

  @Override
  public void close() {
    driver.stop();
    sink.close();
    if (socat != null) {
      socat.destroy();
      try {
        if (!socat.waitFor(5, TimeUnit.SECONDS)) {
          socat.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static Path socat() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "socat");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "socat is not installed (not found on PATH): the pty scanner transport needs it."
            + " Install it with `apt-get install socat`.");
  }

  private static void awaitReady(Process socat) throws IOException {
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(socat.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  log.debug("socat: {}", line);
                  if (line.contains("starting data transfer loop")) {
                    ready.complete(null);
                  }
                }
              } catch (IOException e) {
                ready.completeExceptionally(e);
              }
              ready.completeExceptionally(new IOException("socat exited"));
            },
            "socat-scanner-log");
    reader.setDaemon(true);
    reader.start();
    try {
      ready.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting socat", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("socat did not link the scanner ptys within 10 s", e);
    }
  }
}
