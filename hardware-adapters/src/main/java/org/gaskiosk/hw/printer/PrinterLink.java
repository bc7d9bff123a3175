package org.gaskiosk.hw.printer;

import java.io.Closeable;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The two directions of the wire to the printer: commands out, status bytes back. Any pair of
 * streams will do: a serial port's (jSerialComm), a USB printer device node's, a TCP socket's, or
 * the simulator's.
 *
 * @param name the printer's name in logs
 * @param toPrinter where ESC/POS bytes are written
 * @param fromPrinter where the printer's answers arrive
 */
public record PrinterLink(String name, OutputStream toPrinter, InputStream fromPrinter)
    implements Closeable {

  public PrinterLink {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(toPrinter, "toPrinter");
    Objects.requireNonNull(fromPrinter, "fromPrinter");
  }

  /**
   * Opens a bidirectional device node such as {@code /dev/usb/lp0} once, read-write, and shares its
   * descriptor between both directions: the usblp driver refuses a second open of the same node
   * with EBUSY. (Not a FileChannel: its reads and writes share a lock, and the status reader blocks
   * in read.) A missing node or a plain file is refused: "rw" would create a file in the missing
   * node's place and every receipt would "print" into it.
   */
  public static PrinterLink openDevice(Path device) throws IOException {
    if (!Files.exists(device)) {
      throw new IOException("no printer device at " + device);
    }
    if (Files.isRegularFile(device)) {
      throw new IOException(device + " is a plain file, not a printer device node");
    }
    RandomAccessFile file;
    try {
      file = new RandomAccessFile(device.toFile(), "rw");
    } catch (IOException e) {
      throw new IOException("cannot open printer device " + device + ": " + e.getMessage(), e);
    }
    return new PrinterLink(
        device.toString(), new FileOutputStream(file.getFD()), new FileInputStream(file.getFD()));
  }

  /** Closes both directions; the first failure is thrown with the second attached. */
  @Override
  public void close() throws IOException {
    IOException first = null;
    for (Closeable c : new Closeable[] {toPrinter, fromPrinter}) {
      try {
        c.close();
      } catch (IOException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
