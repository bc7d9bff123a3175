package org.gaskiosk.hw.scanner;

import java.io.IOException;

/** The byte stream from a scanner. */
public interface ScannerLink extends AutoCloseable {
  /**
   * Reads what arrived; returns 0 when nothing came within the link's short read timeout.
   *
   * @throws IOException when the link is lost (scanner unplugged)
   */
  int read(byte[] buffer) throws IOException;

  String describe();

  @Override
  void close();

  /** Opens the link again after it was lost. */
  @FunctionalInterface
  interface Opener {
    ScannerLink open() throws IOException;
  }
}
