package org.gaskiosk.core.port;

/**
 * The QR payment-code scanner in USB CDC serial mode: every scan arrives as one text line. The
 * scanner cannot be told to stop reading; the engine ignores lines when no QR payment waits for
 * one.
 */
public interface CodeScanner {

  /** A kiosk without a scanner: the {@code qr-scan} payment method is not offered. */
  CodeScanner NONE =
      new CodeScanner() {
        @Override
        public void start(Listener listener) {}

        @Override
        public void stop() {}

        @Override
        public boolean present() {
          return false;
        }
      };

  /** Starts reading; {@code listener} gets each line (without CR/LF) on the scanner's thread. */
  void start(Listener listener);

  void stop();

  /** Whether a scanner is configured at all. */
  default boolean present() {
    return true;
  }

  /** Receives scanned lines. */
  @FunctionalInterface
  interface Listener {
    void onLine(String line);
  }
}
