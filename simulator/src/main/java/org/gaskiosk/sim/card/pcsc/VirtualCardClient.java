package org.gaskiosk.sim.card.pcsc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.gaskiosk.sim.card.SimCardSlot;
import org.gaskiosk.sim.card.SimCardSlot.Contact;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A virtual card (vpicc) for vsmartcard's vpcd reader driver: serves the card in a {@link
 * SimCardSlot} to pcscd over TCP, so the production reader reaches the simulated card through the
 * real PC/SC stack (pcscd, libpcsclite, SunPCSC).
 *
 * <p>Protocol (vpcd is the server): every message is a 2-byte big-endian length and a payload.
 * {@code 00} power off, {@code 01} power on, {@code 02} reset, {@code 04} get ATR (answered with
 * the ATR); a longer payload is a C-APDU, answered with the R-APDU and its status word. vpcd polls
 * the card's presence by asking for the ATR (pcscd polls every 400 ms), and sees the card removed
 * when the connection closes.
 *
 * <p>Mapping of the slot onto the connection:
 *
 * <ul>
 *   <li>card inserted: connect (again, with backoff while vpcd is not listening: pcscd not started
 *       yet or restarting); card pulled, replaced or the reader unplugged: close the connection.
 *   <li>power off, power on and reset all make the card forget its RAM ({@link SimCardSlot#reset}).
 *   <li>a tear "after apply" applies the command and closes the connection before answering; the
 *       slot's latency, corruption and command hook run in this client's thread. An {@link Error}
 *       thrown by the hook (a simulated power cut) drops the connection unanswered.
 *   <li>an empty answer cannot be framed (vpcd would wait for more bytes), so the connection ends
 *       unanswered; while the slot still holds that card the client connects again at once, so
 *       pcscd, polling every 400 ms, keeps seeing it present.
 *   <li>a mute card (empty ATR) answers presence polls with a placeholder but gives no answer to
 *       reset after power on or reset.
 *   <li>a memory card's ATR is wrapped as an ACR38-style reader wraps it ({@code 3B 04 A2 13 10 91}
 *       for an SLE4442).
 *   <li>the reader itself cannot be unplugged through vpcd (pcscd 1.9.9 neither adds nor removes
 *       configured readers while it runs): {@link SimCardSlot#setReaderAttached} with {@code false}
 *       only takes the card away.
 * </ul>
 *
 * <p>One daemon thread serves the connection; a second watches the slot so a pulled card closes the
 * connection at once even while vpcd is quiet.
 */
public final class VirtualCardClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VirtualCardClient.class);

  /** vpcd's first slot in Debian's {@code /etc/reader.conf.d/vpcd} (0x8C7B). */
  public static final int DEFAULT_PORT = 35963;

  private static final Duration FIRST_BACKOFF = Duration.ofMillis(20);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(1);
  private static final Duration SLOT_RECHECK = Duration.ofSeconds(1);

  /**
   * How long the slot stays unconnected after a card left in the middle of a request, so that
   * pcscd's next presence poll (every 400 ms) finds no card before the next one connects.
   */
  private static final Duration REMOVAL_DWELL = Duration.ofMillis(600);

  private final SimCardSlot slot;
  private final InetSocketAddress vpcd;
  private final Object monitor = new Object();
  private final Thread link;
  private final Thread watch;
  private volatile boolean running;
  private volatile Consumer<byte[]> apduTap = apdu -> {};

  // guarded by monitor
  private Socket socket;
  private long connectedInsertion = -1;
  private long atrServedInsertion = -1;
  private long connections;

  // link thread only
  private long dwellUntil = System.nanoTime();

  /** A client for vpcd slot 0 on this machine ({@code 127.0.0.1:35963}). */
  public VirtualCardClient(SimCardSlot slot) {
    this(slot, new InetSocketAddress(InetAddress.getLoopbackAddress(), DEFAULT_PORT));
  }

  public VirtualCardClient(SimCardSlot slot, InetSocketAddress vpcd) {
    this.slot = Objects.requireNonNull(slot, "slot");
    this.vpcd = Objects.requireNonNull(vpcd, "vpcd");
    this.link = new Thread(this::linkLoop, "vpicc-" + vpcd.getPort());
    this.watch = new Thread(this::watchLoop, "vpicc-watch-" + vpcd.getPort());
    link.setDaemon(true);
    watch.setDaemon(true);
  }

  /** Starts serving; returns at once (vpcd need not be there yet). */
  public VirtualCardClient start() {
    running = true;
    link.start();
    watch.start();
    LOG.info("virtual card client serving the simulated slot to vpcd at {}", vpcd);
    return this;
  }

  /** Sees every C-APDU exactly as vpcd delivered it (class byte included), for tests. */
  public VirtualCardClient tapApdus(Consumer<byte[]> apduTap) {
    this.apduTap = Objects.requireNonNull(apduTap);
    return this;
  }

  public InetSocketAddress vpcdAddress() {
    return vpcd;
  }

  /** How many connections vpcd has accepted or queued so far (reconnects included). */
  public long connections() {
    synchronized (monitor) {
      return connections;
    }
  }

  /**
   * Waits until vpcd's view can match the slot: with a card in the slot, vpcd has asked this
   * insertion's connection for its ATR (so pcscd has seen any earlier card go); with no card, the
   * connection is closed. pcscd publishes the new state within one of its polls after that.
   */
  public boolean awaitInSync(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (monitor) {
      while (!inSyncLocked()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        monitor.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  private boolean inSyncLocked() {
    Optional<Contact> contact = slot.powerOn();
    if (contact.isEmpty()) {
      return socket == null;
    }
    return atrServedInsertion == contact.get().insertion();
  }

  @Override
  public void close() {
    running = false;
    link.interrupt();
    watch.interrupt();
    closeConnection("client closed");
    try {
      link.join(2000);
      watch.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- the link thread: one connection per insertion ----

  private void linkLoop() {
    Duration backoff = FIRST_BACKOFF;
    while (running) {
      try {
        // Read the change count before looking at the slot, so no change slips between the two.
        long seen = slot.changes();
        Optional<Contact> contact = slot.powerOn();
        if (contact.isEmpty()) {
          slot.awaitChange(seen, SLOT_RECHECK);
          continue;
        }
        long dwell = dwellUntil - System.nanoTime();
        if (dwell > 0) {
          slot.awaitChange(seen, Duration.ofNanos(dwell));
          continue;
        }
        Socket s = connect(contact.get());
        if (s == null) {
          slot.awaitChange(seen, backoff);
          backoff = next(backoff);
          continue;
        }
        boolean talked = serve(s, contact.get());
        backoff = talked ? FIRST_BACKOFF : next(backoff);
        if (!talked) {
          slot.awaitChange(seen, backoff);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warn("virtual card client: {}", e.toString());
        closeConnection("client error");
      }
    }
  }

  private Socket connect(Contact contact) {
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.connect(vpcd, (int) MAX_BACKOFF.toMillis());
    } catch (IOException e) {
      LOG.debug("vpcd at {} not reachable: {}", vpcd, e.getMessage());
      quietClose(s);
      return null;
    }
    synchronized (monitor) {
      if (!running || !stillInserted(contact)) {
        quietClose(s);
        return null;
      }
      socket = s;
      connectedInsertion = contact.insertion();
      connections++;
      monitor.notifyAll();
    }
    LOG.debug("connected to vpcd at {} for insertion {}", vpcd, contact.insertion());
    return s;
  }

  /**
   * Answers vpcd until the connection ends.
   *
   * @return whether vpcd talked at all on this connection (else the next attempt backs off)
   */
  private boolean serve(Socket s, Contact contact) {
    VpcdConversation.Ending ending =
        new VpcdConversation(slot, contact, s, this::tap, () -> atrServed(contact))
            .run(() -> running);
    if (ending.owedAnswer() && !stillInserted(contact)) {
      // vpcd drops the connection itself when its request goes unanswered; a new card's
      // connection accepted at its very next poll would look like the same card still there.
      dwellUntil = System.nanoTime() + REMOVAL_DWELL.toNanos();
    }
    connectionEnded(s);
    return ending.talked();
  }

  /** The current tap, read at every APDU: a test may set it while a connection is open. */
  private void tap(byte[] apdu) {
    apduTap.accept(apdu);
  }

  private void atrServed(Contact contact) {
    synchronized (monitor) {
      atrServedInsertion = contact.insertion();
      monitor.notifyAll();
    }
  }

  private void connectionEnded(Socket s) {
    synchronized (monitor) {
      if (socket == s) {
        socket = null;
        connectedInsertion = -1;
      }
      monitor.notifyAll();
    }
  }

  private boolean stillInserted(Contact contact) {
    return slot.powerOn().map(c -> c.insertion() == contact.insertion()).orElse(false);
  }

  private static Duration next(Duration backoff) {
    Duration doubled = backoff.multipliedBy(2);
    return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
  }

  // ---- the watch thread: slot changes close the connection at once ----

  private void watchLoop() {
    long seen = slot.changes();
    while (running) {
      try {
        slot.awaitChange(seen, SLOT_RECHECK);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      seen = slot.changes();
      Optional<Contact> contact = slot.powerOn();
      long current = contact.map(Contact::insertion).orElse(-1L);
      synchronized (monitor) {
        if (socket != null && connectedInsertion != current) {
          closeConnectionLocked("card " + (contact.isPresent() ? "replaced" : "removed"));
        }
        monitor.notifyAll();
      }
    }
  }

  private void closeConnection(String why) {
    synchronized (monitor) {
      closeConnectionLocked(why);
    }
  }

  private void closeConnectionLocked(String why) {
    if (socket != null) {
      LOG.debug("closing the vpcd connection: {}", why);
      quietClose(socket);
      socket = null;
      connectedInsertion = -1;
      monitor.notifyAll();
    }
  }

  private static void quietClose(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      LOG.debug("closing socket: {}", e.getMessage());
    }
  }
}
