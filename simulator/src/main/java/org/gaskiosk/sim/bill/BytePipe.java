package org.gaskiosk.sim.bill;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.gaskiosk.hw.bill.id003.Id003Link;

/**
 * Two in-memory byte pipes joined as a serial cable: what the host end writes, the device end
 * reads, and back. Reads wait at most a short step, like a serial port's read timeout. {@link
 * #unplug()} makes the host end fail as an unplugged USB-serial adapter does, until {@link
 * #plugIn()}; bytes the device writes meanwhile are lost.
 */
public final class BytePipe {
  private static final long STEP_MILLIS = 20;

  private final End host;
  private final End device;
  private volatile boolean unplugged;

  public BytePipe() {
    LinkedBlockingQueue<Byte> toDevice = new LinkedBlockingQueue<>();
    LinkedBlockingQueue<Byte> toHost = new LinkedBlockingQueue<>();
    this.host = new End("in-memory host end", toHost, toDevice, true);
    this.device = new End("in-memory device end", toDevice, toHost, false);
  }

  /** The end the driver uses. */
  public Id003Link hostEnd() {
    return host;
  }

  /** The end the simulated acceptor uses. */
  public Id003Link deviceEnd() {
    return device;
  }

  /** Opens the host end for the driver; fails while the cable is unplugged. */
  public Id003Link.Opener hostOpener() {
    return () -> {
      if (unplugged) {
        throw new IOException("in-memory link is unplugged");
      }
      host.inbox.clear();
      return host;
    };
  }

  public void unplug() {
    unplugged = true;
  }

  public void plugIn() {
    unplugged = false;
  }

  private final class End implements Id003Link {
    private final String name;
    private final LinkedBlockingQueue<Byte> inbox;
    private final LinkedBlockingQueue<Byte> outbox;
    private final boolean isHost;

    End(
        String name,
        LinkedBlockingQueue<Byte> inbox,
        LinkedBlockingQueue<Byte> outbox,
        boolean isHost) {
      this.name = name;
      this.inbox = inbox;
      this.outbox = outbox;
      this.isHost = isHost;
    }

    @Override
    public void write(byte[] bytes) throws IOException {
      if (unplugged) {
        if (isHost) {
          throw new IOException(name + " is unplugged");
        }
        return;
      }
      for (byte b : bytes) {
        outbox.add(b);
      }
    }

    @Override
    public int read(byte[] buffer) throws IOException {
      if (unplugged && isHost) {
        throw new IOException(name + " is unplugged");
      }
      Byte first;
      try {
        first = inbox.poll(STEP_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while reading " + name, e);
      }
      if (first == null) {
        return 0;
      }
      buffer[0] = first;
      List<Byte> more = new ArrayList<>();
      inbox.drainTo(more, buffer.length - 1);
      for (int i = 0; i < more.size(); i++) {
        buffer[i + 1] = more.get(i);
      }
      return more.size() + 1;
    }

    @Override
    public void discardInput() throws IOException {
      if (unplugged && isHost) {
        throw new IOException(name + " is unplugged");
      }
      inbox.clear();
    }

    @Override
    public String describe() {
      return name;
    }

    @Override
    public void close() {
      // A pipe end outlives its users: the driver reopens it through hostOpener().
    }
  }
}
