package org.gaskiosk.hw.bill.id003;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An {@link Id003Link} over jSerialComm: 9600 baud, 8 data bits, even parity, one stop bit, opened
 * by path ({@code /dev/serial/by-id/...} on the kiosk, a socat pty in tests; a pty does not emulate
 * baud or parity and is not listed by {@code getCommPorts()}, so it must be opened by path).
 *
 * <p>The read timeout is one 100 ms step in semi-blocking mode: the OS timeout (termios VTIME) has
 * 100 ms granularity, busy-spins below it and wraps above 25.5 s, so frame deadlines live in the
 * caller.
 *
 * <p>A pseudo-terminal (a path that resolves under {@code /dev/pts/}, as socat's links do) is
 * opened 8N1: a pty carries no parity, and jSerialComm 2.11.4 cannot reopen a pty once it was
 * configured with parity (openPort fails with errno 22 at native line 777, seen here), which would
 * break the reopen after a lost link. Every other path is opened 8E1. jSerialComm unpacks its
 * native library under {@code java.io.tmpdir}; a noexec /tmp breaks it, so point {@code
 * -Djava.io.tmpdir} at an exec-able folder on such systems.
 */
public final class SerialId003Link implements Id003Link {
  public static final int BAUD = 9600;
  static final int READ_STEP_MILLIS = 100;
  private static final int WRITE_TIMEOUT_MILLIS = 1_000;

  private final SerialPort port;
  private final String path;

  private SerialId003Link(SerialPort port, String path) {
    this.port = port;
    this.path = path;
  }

  /** Opens {@code path} as 9600 8E1. */
  public static SerialId003Link open(String path) throws IOException {
    SerialPort port;
    try {
      port = SerialPort.getCommPort(path);
    } catch (SerialPortInvalidPortException e) {
      throw new IOException("no serial port at " + path, e);
    }
    int parity = isPseudoTerminal(path) ? SerialPort.NO_PARITY : SerialPort.EVEN_PARITY;
    port.setComPortParameters(BAUD, 8, SerialPort.ONE_STOP_BIT, parity);
    port.setComPortTimeouts(
        SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
        READ_STEP_MILLIS,
        WRITE_TIMEOUT_MILLIS);
    if (!port.openPort()) {
      throw new IOException(
          "could not open serial port "
              + path
              + " (error "
              + port.getLastErrorCode()
              + " at native line "
              + port.getLastErrorLocation()
              + "; is the user in group dialout?)");
    }
    port.flushIOBuffers();
    return new SerialId003Link(port, path);
  }

  /** Whether {@code path} is (a link to) a Unix98 pseudo-terminal slave. */
  static boolean isPseudoTerminal(String path) {
    try {
      return Path.of(path).toRealPath().startsWith("/dev/pts/");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** An opener for the driver, which reopens the same path after the link was lost. */
  public static Opener opener(String path) {
    return () -> open(path);
  }

  @Override
  public void write(byte[] bytes) throws IOException {
    int written = port.writeBytes(bytes, bytes.length);
    if (written != bytes.length) {
      throw new IOException(
          "wrote " + written + " of " + bytes.length + " bytes to " + path + ": link lost");
    }
  }

  @Override
  public int read(byte[] buffer) throws IOException {
    int n = port.readBytes(buffer, buffer.length);
    if (n < 0) {
      throw new IOException(
          "read from " + path + " failed (error " + port.getLastErrorCode() + "): link lost");
    }
    return n;
  }

  @Override
  public void discardInput() throws IOException {
    byte[] sink = new byte[256];
    for (int available = port.bytesAvailable(); available > 0; available = port.bytesAvailable()) {
      if (port.readBytes(sink, Math.min(available, sink.length)) < 0) {
        throw new IOException("read from " + path + " failed: link lost");
      }
    }
    if (port.bytesAvailable() < 0) {
      throw new IOException(path + " is closed: link lost");
    }
  }

  @Override
  public String describe() {
    return path;
  }

  @Override
  public void close() {
    port.closePort();
  }
}
