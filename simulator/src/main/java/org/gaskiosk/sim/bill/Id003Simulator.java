package org.gaskiosk.sim.bill;

import java.io.IOException;
import java.util.Optional;
import org.gaskiosk.hw.bill.id003.FrameDecoder;
import org.gaskiosk.hw.bill.id003.Id003Frame;
import org.gaskiosk.hw.bill.id003.Id003Link;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves an {@link Id003Device} on one end of a byte link (an in-memory pipe, or one side of a
 * socat pty pair) on its own thread: it cuts the host's bytes into blocks, drops bad ones as the
 * real acceptor does (no answer), and writes the device's answers back.
 */
public final class Id003Simulator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Id003Simulator.class);

  private final Id003Device device;
  private final Id003Link link;
  private final FrameDecoder decoder = new FrameDecoder();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long badBlocks;

  private Id003Simulator(Id003Device device, Id003Link link) {
    this.device = device;
    this.link = link;
    this.thread = new Thread(this::serve, "id003-sim " + link.describe());
    thread.setDaemon(true);
  }

  /** Starts serving {@code device} on {@code link}. */
  public static Id003Simulator serve(Id003Device device, Id003Link link) {
    Id003Simulator sim = new Id003Simulator(device, link);
    sim.thread.start();
    return sim;
  }

  public Id003Device device() {
    return device;
  }

  /** Host blocks dropped for a wrong CRC or length. */
  public long badBlocksReceived() {
    return badBlocks;
  }

  private void serve() {
    byte[] buffer = new byte[256];
    while (running) {
      try {
        int n = link.read(buffer);
        if (n > 0) {
          decoder.push(buffer, 0, n);
        }
        for (Optional<Id003Frame> f = decoder.next(); f.isPresent(); f = decoder.next()) {
          byte[] answer = device.answer(f.get());
          if (answer.length > 0) {
            link.write(answer);
          }
        }
        badBlocks = decoder.badBlocks();
      } catch (IOException e) {
        if (running) {
          log.warn("simulated acceptor's link {} failed; simulator stops", link.describe(), e);
        }
        running = false;
      } catch (RuntimeException e) {
        log.error("simulated acceptor failed on a host block", e);
      }
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    link.close();
  }
}
