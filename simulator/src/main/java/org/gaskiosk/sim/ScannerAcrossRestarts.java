package org.gaskiosk.sim;

import org.gaskiosk.core.port.CodeScanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The QR scanner's driver as it outlives an in-process controller restart (see {@link
 * AcceptorAcrossRestarts}): the driver keeps reading, each engine that starts takes over the lines.
 * A line scanned between two engines is dropped and logged: nothing was charged for it, and the
 * resident scans again.
 */
final class ScannerAcrossRestarts implements CodeScanner, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ScannerAcrossRestarts.class);

  private final CodeScanner driver;
  private volatile Listener engine;
  private boolean started;

  ScannerAcrossRestarts(CodeScanner driver) {
    this.driver = driver;
  }

  @Override
  public synchronized void start(Listener listener) {
    engine = listener;
    if (!started) {
      started = true;
      driver.start(
          line -> {
            Listener e = engine;
            if (e == null) {
              log.info("a scan arrived while the controller restarts; dropped");
            } else {
              e.onLine(line);
            }
          });
    }
  }

  /** The engine stops; the driver keeps reading for the next one. */
  @Override
  public void stop() {
    engine = null;
  }

  @Override
  public boolean present() {
    return driver.present();
  }

  /** The demo ends: now the driver stops. */
  @Override
  public synchronized void close() {
    engine = null;
    if (started) {
      driver.stop();
    }
  }
}
