package org.gaskiosk.hw.bill.id003;

import java.io.IOException;

/**
 * A byte pipe to an ID003 acceptor: a serial port in production, an in-memory pipe or a
 * pseudo-terminal in tests. It knows nothing of frames. Reads wait at most one short step (about
 * 100 ms on a serial port, where the OS timeout has that granularity): every frame deadline is kept
 * by the caller in Java, never delegated to the OS.
 */
public interface Id003Link extends AutoCloseable {

  /** Sends all of {@code bytes}. Throws when the link is gone. */
  void write(byte[] bytes) throws IOException;

  /**
   * Reads what has arrived into {@code buffer}, waiting at most one read step for the first byte.
   *
   * @return the number of bytes read, 0 when nothing arrived within the step
   * @throws IOException when the link is gone (port closed, device unplugged)
   */
  int read(byte[] buffer) throws IOException;

  /**
   * Discards whatever was received and not read yet, without waiting: a late answer to an earlier
   * request must never be taken for the answer to the next one.
   */
  void discardInput() throws IOException;

  /** Where this link goes, for logs and faults ("/dev/serial/by-id/...", "in-memory"). */
  String describe();

  /** Releases the port. Never throws. */
  @Override
  void close();

  /** Opens a fresh link; the driver calls it at start and again after the link was lost. */
  @FunctionalInterface
  interface Opener {
    Id003Link open() throws IOException;
  }
}
