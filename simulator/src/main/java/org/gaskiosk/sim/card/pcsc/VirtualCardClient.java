package org.gaskiosk.sim.card.pcsc;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import jdk.net.ExtendedSocketOptions;
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

  private static final byte POWER_OFF = 0x00;
  private static final byte POWER_ON = 0x01;
  private static final byte RESET = 0x02;
  private static final byte GET_ATR = 0x04;

  /** Answered to presence polls by a mute card: anything non-empty keeps vpcd's connection. */
  private static final byte[] MUTE_PRESENCE_ATR = {0x3B, 0x00};

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
    boolean talked = false;
    boolean atrIsPowerUp = false;
    boolean owesAnswer = false;
    try (s) {
      DataInputStream in = new DataInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      while (running) {
        quickAck(s);
        byte[] message = readMessage(in);
        talked = true;
        if (message.length == 0) {
          continue;
        }
        owesAnswer = message.length > 1 || message[0] == GET_ATR;
        if (message.length == 1) {
          switch (message[0]) {
            case POWER_OFF, POWER_ON, RESET -> {
              slot.reset(contact.insertion());
              atrIsPowerUp = message[0] != POWER_OFF;
            }
            case GET_ATR -> {
              byte[] atr = atrAnswer(contact, atrIsPowerUp);
              if (atr.length == 0) {
                return true; // a mute card: no answer to reset
              }
              writeMessage(out, atr);
              owesAnswer = false;
              atrIsPowerUp = false;
              atrServed(contact);
            }
            default -> LOG.warn("vpcd sent an unknown control byte {}", message[0]);
          }
          continue;
        }
        Optional<byte[]> answer = transmit(contact, message);
        if (answer.isEmpty() || answer.get().length == 0) {
          // The card left, lost power, or says nothing: vpcd cannot carry an empty answer (it
          // would wait for more bytes), so the connection ends unanswered.
          return true;
        }
        writeMessage(out, answer.get());
        owesAnswer = false;
      }
    } catch (EOFException e) {
      LOG.debug("vpcd closed the connection for insertion {}", contact.insertion());
    } catch (IOException e) {
      LOG.debug("connection to vpcd ended: {}", e.getMessage());
    } finally {
      if (owesAnswer && !stillInserted(contact)) {
        // vpcd drops the connection itself when its request goes unanswered; a new card's
        // connection accepted at its very next poll would look like the same card still there.
        dwellUntil = System.nanoTime() + REMOVAL_DWELL.toNanos();
      }
      connectionEnded(s);
    }
    return talked;
  }

  private byte[] atrAnswer(Contact contact, boolean powerUp) {
    byte[] atr = contact.atr();
    if (atr.length > 0 && atr.length <= 15 && atr[0] != 0x3B && atr[0] != 0x3F) {
      // A memory card's ISO 7816-10 header (SLE4442: A2 13 10 91) is no ATR pcscd can parse
      // (SCARD_E_PROTO_MISMATCH); an ACR38-style reader presents it as the historical bytes of
      // a minimal ATR, 3B 04 A2 13 10 91.
      byte[] wrapped = new byte[atr.length + 2];
      wrapped[0] = 0x3B;
      wrapped[1] = (byte) atr.length;
      System.arraycopy(atr, 0, wrapped, 2, atr.length);
      return wrapped;
    }
    if (atr.length > 0) {
      return atr;
    }
    // A mute card: present to the presence poll, no answer to reset when powered.
    return powerUp ? new byte[0] : MUTE_PRESENCE_ATR;
  }

  private Optional<byte[]> transmit(Contact contact, byte[] apdu) {
    apduTap.accept(apdu.clone());
    SimCardSlot.Outcome outcome;
    try {
      outcome = slot.transmit(contact.insertion(), apdu);
    } catch (UncheckedIOException e) {
      LOG.warn("the simulated card could not write its EEPROM: {}", e.getMessage());
      return Optional.empty();
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Error e) {
      // A test's command hook cut the power at this instant: nothing leaves the card.
      LOG.info("power cut while serving INS {}: {}", ins(apdu), e.toString());
      return Optional.empty();
    }
    if (outcome instanceof SimCardSlot.Outcome.Answer answer) {
      return Optional.of(answer.response());
    }
    return Optional.empty();
  }

  private static String ins(byte[] apdu) {
    return apdu.length >= 2 ? String.format("%02X", apdu[1]) : "?";
  }

  /**
   * vpcd writes a message's length and its payload with two send() calls and leaves Nagle's
   * algorithm on: the payload waits for the ACK of the length, which Linux delays by 40 ms unless
   * the receiver asks for quick ACKs. Linux clears the flag again, so it is set before every read.
   */
  private static void quickAck(Socket s) {
    try {
      if (s.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK)) {
        s.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
      }
    } catch (IOException e) {
      LOG.debug("TCP_QUICKACK: {}", e.getMessage());
    }
  }

  private static byte[] readMessage(DataInputStream in) throws IOException {
    int length = in.readUnsignedShort();
    byte[] message = new byte[length];
    in.readFully(message);
    return message;
  }

  private static void writeMessage(OutputStream out, byte[] payload) throws IOException {
    if (payload.length > 0xFFFF) {
      throw new IOException("message too long for vpcd: " + payload.length);
    }
    byte[] frame = new byte[payload.length + 2];
    frame[0] = (byte) (payload.length >> 8);
    frame[1] = (byte) payload.length;
    System.arraycopy(payload, 0, frame, 2, payload.length);
    out.write(frame);
    out.flush();
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
