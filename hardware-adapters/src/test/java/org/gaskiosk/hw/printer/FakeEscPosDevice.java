package org.gaskiosk.hw.printer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A printer at the other end of the link, for the adapter's tests: records what the adapter writes
 * and answers each DLE EOT n (sent by the adapter as one write of three bytes) with the byte set
 * for n. The simulator's printer decodes the bytes; this one only answers.
 */
final class FakeEscPosDevice {
  private static final int EOF = -1;
  final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final LinkedBlockingQueue<Integer> answers = new LinkedBlockingQueue<>();
  private final int[] status = {-1, 0x12, 0x12, -1, 0x12};
  private volatile boolean silent;
  private volatile boolean writesFail;
  private volatile boolean printWritesFail;
  private volatile int questions;

  final OutputStream toPrinter =
      new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
          boolean question = len == 3 && b[off] == 0x10 && b[off + 1] == 0x04;
          if (writesFail || (printWritesFail && !question)) {
            throw new IOException("Input/output error");
          }
          if (question) {
            questions++;
            if (!silent) {
              answers.add(status[b[off + 2]]);
            }
            return;
          }
          printed.write(b, off, len);
        }
      };

  final InputStream fromPrinter =
      new InputStream() {
        @Override
        public int read() throws IOException {
          try {
            return answers.take();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
          }
        }

        @Override
        public void close() {
          answers.add(EOF);
        }
      };

  PrinterLink link() {
    return new PrinterLink("test-printer", toPrinter, fromPrinter);
  }

  /** Sets the answers to DLE EOT 1, 2 and 4. */
  FakeEscPosDevice answers(int printer, int offline, int paper) {
    status[1] = printer;
    status[2] = offline;
    status[4] = paper;
    return this;
  }

  FakeEscPosDevice silent(boolean silent) {
    this.silent = silent;
    return this;
  }

  FakeEscPosDevice writesFail(boolean fail) {
    this.writesFail = fail;
    return this;
  }

  /** Questions are still answered, but the receipt's bytes cannot be written. */
  FakeEscPosDevice printWritesFail(boolean fail) {
    this.printWritesFail = fail;
    return this;
  }

  /** A byte the printer sends unasked (an automatic status back, line noise). */
  void sendsUnasked(int b) {
    answers.add(b);
  }

  /** Bytes the adapter has not read yet. */
  int unread() {
    return answers.size();
  }

  void disconnect() {
    answers.add(EOF);
  }

  int questions() {
    return questions;
  }
}
