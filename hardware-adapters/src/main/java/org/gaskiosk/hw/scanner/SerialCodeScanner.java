package org.gaskiosk.hw.scanner;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import org.gaskiosk.core.port.CodeScanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The QR payment-code scanner driver: one daemon thread reads the link, cuts lines and hands each
 * to the listener; a lost link (scanner unplugged) is opened again every {@code reopenDelay} until
 * {@link #stop()}. What a line means is the engine's business, not the driver's.
 */
public final class SerialCodeScanner implements CodeScanner {
  private static final Logger log = LoggerFactory.getLogger(SerialCodeScanner.class);

  private final ScannerLink.Opener opener;
  private final Duration reopenDelay;
  private final String name;
  private volatile boolean running;
  private volatile Thread thread;
  private volatile String health = "not started";

  public SerialCodeScanner(ScannerLink.Opener opener, String name, Duration reopenDelay) {
    this.opener = Objects.requireNonNull(opener);
    this.name = name;
    this.reopenDelay = reopenDelay;
  }

  @Override
  public synchronized void start(Listener listener) {
    if (thread != null) {
      throw new IllegalStateException("scanner " + name + " already started");
    }
    running = true;
    Thread t = new Thread(() -> run(listener), "qr-scanner-" + name);
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  @Override
  public void stop() {
    running = false;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
      try {
        t.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** "ok", or why the scanner is not read now: for telemetry. */
  public String health() {
    return health;
  }

  private void run(Listener listener) {
    LineAssembler lines = new LineAssembler();
    byte[] buffer = new byte[256];
    while (running) {
      try (ScannerLink link = opener.open()) {
        health = "ok";
        log.info("QR scanner {} reading {}", name, link.describe());
        while (running) {
          int n = link.read(buffer);
          for (String line : lines.feed(buffer, n)) {
            try {
              listener.onLine(line);
            } catch (RuntimeException e) {
              log.warn("QR scanner {}: listener failed on a line", name, e);
            }
          }
        }
      } catch (IOException e) {
        lines.reset();
        health = "link lost: " + e.getMessage();
        log.warn("QR scanner {}: {}; opening again in {}", name, e.getMessage(), reopenDelay);
        try {
          Thread.sleep(reopenDelay.toMillis());
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }
}
