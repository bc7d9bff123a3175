package org.gaskiosk.hw.scanner;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import java.io.IOException;

/**
 * A QR scanner in USB CDC mode ({@code /dev/ttyACM*}, better {@code /dev/serial/by-id/...}) over
 * jSerialComm, opened by path. CDC ignores baud and parity; 9600 8N1 is set for adapters that do
 * not. Reads wait one 100 ms step (termios VTIME granularity) so the reader thread can stop.
 */
public final class SerialScannerLink implements ScannerLink {
  static final int READ_STEP_MILLIS = 100;

  private final SerialPort port;
  private final String path;

  private SerialScannerLink(SerialPort port, String path) {
    this.port = port;
    this.path = path;
  }

  public static SerialScannerLink open(String path) throws IOException {
    SerialPort port;
    try {
      port = SerialPort.getCommPort(path);
    } catch (SerialPortInvalidPortException e) {
      throw new IOException("no serial port at " + path, e);
    }
    port.setComPortParameters(9600, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
    port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, READ_STEP_MILLIS, 0);
    if (!port.openPort()) {
      throw new IOException(
          "could not open the QR scanner at "
              + path
              + " (error "
              + port.getLastErrorCode()
              + "; is the user in group dialout?)");
    }
    port.flushIOBuffers();
    return new SerialScannerLink(port, path);
  }

  public static Opener opener(String path) {
    return () -> open(path);
  }

  @Override
  public int read(byte[] buffer) throws IOException {
    int n = port.readBytes(buffer, buffer.length);
    if (n < 0) {
      throw new IOException(
          "read from " + path + " failed (error " + port.getLastErrorCode() + ")");
    }
    return n;
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
