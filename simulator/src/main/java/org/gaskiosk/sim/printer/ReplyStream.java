package org.gaskiosk.sim.printer;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The printer-to-host direction: bytes the simulated printer answers, read by the host with a
 * blocking read like a serial port. Unlike PipedInputStream it does not care which threads write
 * and read. Closing it ends the host's read with end of stream.
 */
final class ReplyStream extends InputStream {
  private static final int END = -1;
  private final LinkedBlockingQueue<Integer> bytes = new LinkedBlockingQueue<>();
  private volatile boolean closed;

  void send(int b) {
    if (!closed) {
      bytes.add(b & 0xFF);
    }
  }

  @Override
  public int read() throws IOException {
    if (closed && bytes.isEmpty()) {
      return END;
    }
    try {
      int b = bytes.take();
      if (b == END) {
        bytes.add(END); // every later read sees the end too
      }
      return b;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading from the simulated printer", e);
    }
  }

  @Override
  public int available() {
    return bytes.size();
  }

  @Override
  public void close() {
    closed = true;
    bytes.add(END);
  }
}
