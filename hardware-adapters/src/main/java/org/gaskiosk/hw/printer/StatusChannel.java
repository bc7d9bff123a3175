package org.gaskiosk.hw.printer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the printer DLE EOT n and waits, with a deadline, for the one status byte it answers.
 *
 * <p>An InputStream has no read timeout, so a daemon thread pumps whatever the printer sends into a
 * small queue and a question waits on the queue. Bytes left from an earlier question that timed out
 * are discarded before each new question, and bytes that cannot be status bytes (fixed bits wrong)
 * are skipped. Hazard: an answer so late that it arrives just after the next question is sent is
 * taken for that question's answer; keep the timeout well above the printer's answer time (a few
 * milliseconds on serial and USB).
 *
 * <p>Not thread-safe: the printer serialises questions and printing on its own lock.
 */
final class StatusChannel implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StatusChannel.class);
  private static final int DLE = 0x10;
  private static final int EOT = 0x04;

  private final String name;
  private final OutputStream out;
  private final InputStream in;
  private final BlockingQueue<Integer> received = new ArrayBlockingQueue<>(256);
  private volatile String ended;
  private volatile boolean closing;
  private Thread reader;

  /** One answer: the status byte, or why there is none. */
  record Reply(OptionalInt status, String problem) {
    static Reply of(int b) {
      return new Reply(OptionalInt.of(b), "");
    }

    static Reply none(String problem) {
      return new Reply(OptionalInt.empty(), problem);
    }
  }

  StatusChannel(String name, OutputStream out, InputStream in) {
    this.name = name;
    this.out = out;
    this.in = in;
  }

  Reply ask(int n, Duration timeout) {
    startReader();
    received.clear();
    if (ended != null) {
      return Reply.none("the link from printer " + name + " is closed: " + ended);
    }
    try {
      out.write(new byte[] {DLE, EOT, (byte) n});
      out.flush();
    } catch (IOException e) {
      return Reply.none("DLE EOT " + n + " could not be sent to " + name + ": " + e.getMessage());
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    StringBuilder skipped = new StringBuilder();
    try {
      while (true) {
        Integer b = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (b == null) {
          return Reply.none(
              "no answer to DLE EOT "
                  + n
                  + " from "
                  + name
                  + " within "
                  + timeout.toMillis()
                  + " ms"
                  + (skipped.isEmpty() ? "" : " (skipped bytes" + skipped + ")")
                  + (ended == null ? "" : "; link closed: " + ended));
        }
        if (PrinterStatus.isStatusByte(b)) {
          return Reply.of(b);
        }
        skipped.append(String.format(" %02X", b));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Reply.none("interrupted while waiting for DLE EOT " + n + " from " + name);
    }
  }

  private void startReader() {
    if (reader != null) {
      return;
    }
    reader = new Thread(this::pump, "printer-status-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  private void pump() {
    try {
      int b;
      while ((b = in.read()) >= 0) {
        if (!received.offer(b)) {
          // Nobody asked for this many bytes: drop the oldest, a question only wants the newest.
          received.poll();
          received.offer(b);
        }
      }
      ended = "end of stream";
    } catch (IOException e) {
      ended = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      if (!closing) {
        LOG.warn("printer {}: reading status bytes failed: {}", name, ended);
      }
    }
  }

  @Override
  public void close() {
    closing = true;
    if (reader != null) {
      reader.interrupt();
    }
  }
}
