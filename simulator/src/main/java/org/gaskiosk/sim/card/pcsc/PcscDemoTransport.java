package org.gaskiosk.sim.card.pcsc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.TerminalFactory;
import org.gaskiosk.sim.card.SimCardSlot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's {@code --card-transport pcsc}: the simulated slot served as a virtual card behind the
 * machine's real pcscd, read by the production reader through javax.smartcardio's SunPCSC provider.
 *
 * <pre>{@code
 * PcscDemoTransport pcsc = PcscDemoTransport.start(slot); // throws PcscUnavailableException
 * CardReader reader = new PcscCardReader(pcsc.terminalFactory(), pcsc.readerName(), clock);
 * ...
 * pcsc.close(); // at shutdown
 * }</pre>
 *
 * <p>{@link #start(SimCardSlot)} reuses a pcscd that answers on the socket libpcsclite will use
 * ({@value Pcscd#SOCKET_ENV} if set, else {@code /run/pcscd/pcscd.comm}; a systemd activation
 * socket counts); otherwise it starts {@code pcscd --foreground} itself and stops it on {@link
 * #close}. The virtual card connects to the port of vsmartcard's {@code /etc/reader.conf.d/vpcd}
 * (35963, reader "Virtual PCD 00 00"). It sets {@code sun.security.smartcardio.t0GetResponse} and
 * {@code t1GetResponse} to {@code false} unless they are set already: the JVM reads them once, at
 * the first APDU, so this must run before any other PC/SC use.
 */
public final class PcscDemoTransport implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PcscDemoTransport.class);

  /** vpcd's slot 0 as pcsc-lite names it. */
  public static final String READER_NAME = "Virtual PCD 00 00";

  private final Pcscd pcscd;
  private final VirtualCardClient client;
  private final TerminalFactory factory;

  private PcscDemoTransport(Pcscd pcscd, VirtualCardClient client, TerminalFactory factory) {
    this.pcscd = pcscd;
    this.client = client;
    this.factory = factory;
  }

  /**
   * Serves {@code slot} through the machine's pcscd and vsmartcard's vpcd.
   *
   * @throws PcscUnavailableException when pcscd or vpcd is missing (the message names the Debian
   *     package), pcscd cannot be started, or the running pcscd has no virtual reader
   */
  public static PcscDemoTransport start(SimCardSlot slot) {
    Path socket =
        Optional.ofNullable(System.getenv(Pcscd.SOCKET_ENV))
            .map(Path::of)
            .orElse(Pcscd.SYSTEM_SOCKET);
    return start(slot, socket, VpcdConfig.SYSTEM);
  }

  /**
   * As {@link #start(SimCardSlot)} with another socket and reader configuration (tests). A pcscd
   * started for a socket other than the system's runs privately ({@link Pcscd#startPrivate}).
   *
   * @param socket the socket this JVM's libpcsclite uses
   * @param vpcdConfig a vpcd reader configuration file; its port is where the virtual card connects
   */
  public static PcscDemoTransport start(SimCardSlot slot, Path socket, Path vpcdConfig) {
    Pcscd.requireInstalled();
    if (!Files.exists(vpcdConfig)) {
      throw PcscUnavailableException.missing(
          "the virtual reader configuration " + vpcdConfig, "vsmartcard-vpcd");
    }
    disableAutomaticGetResponse();
    Pcscd pcscd;
    int port;
    try {
      port = VpcdConfig.portOf(Files.readString(vpcdConfig));
      pcscd = startOrReuse(socket, vpcdConfig, port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start pcscd", e);
    }
    VirtualCardClient client =
        new VirtualCardClient(slot, new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
            .start();
    try {
      TerminalFactory factory = TerminalFactory.getInstance("PC/SC", null);
      requireVirtualReader(factory, socket);
      LOG.info(
          "card transport: pcscd at {} ({}), virtual card on port {}, reader '{}'",
          socket,
          pcscd.owned() ? "started here" : "already running",
          port,
          READER_NAME);
      return new PcscDemoTransport(pcscd, client, factory);
    } catch (NoSuchAlgorithmException | RuntimeException e) {
      client.close();
      pcscd.close();
      if (e instanceof PcscUnavailableException p) {
        throw p;
      }
      throw new PcscUnavailableException(
          "javax.smartcardio cannot reach pcscd at "
              + socket
              + " (is libpcsclite.so.1 installed? Debian package libpcsclite1): "
              + e.getMessage(),
          e);
    }
  }

  private static Pcscd startOrReuse(Path socket, Path vpcdConfig, int port) throws IOException {
    if (socket.equals(Pcscd.SYSTEM_SOCKET)) {
      return Pcscd.system(vpcdConfig.getParent());
    }
    if (Pcscd.answers(socket)) {
      return Pcscd.reuse(socket, port);
    }
    return Pcscd.startPrivate(socket, OptionalInt.of(port));
  }

  private static void requireVirtualReader(TerminalFactory factory, Path socket) {
    List<CardTerminal> readers;
    try {
      readers = factory.terminals().list();
    } catch (CardException e) {
      readers = List.of();
    }
    if (readers.stream().noneMatch(r -> r.getName().contains(READER_NAME))) {
      throw new PcscUnavailableException(
          "pcscd at "
              + socket
              + " shows no '"
              + READER_NAME
              + "' reader (readers: "
              + readers.stream().map(CardTerminal::getName).toList()
              + "): install the Debian package vsmartcard-vpcd and restart pcscd",
          "vsmartcard-vpcd");
    }
  }

  private static void disableAutomaticGetResponse() {
    for (String property :
        List.of(
            "sun.security.smartcardio.t0GetResponse", "sun.security.smartcardio.t1GetResponse")) {
      if (System.getProperty(property) == null) {
        System.setProperty(property, "false");
      }
    }
  }

  /** The system's PC/SC provider (SunPCSC), for {@code PcscCardReader}. */
  public TerminalFactory terminalFactory() {
    return factory;
  }

  /** The reader-name filter for {@code PcscCardReader}: vpcd's slot 0. */
  public Optional<String> readerName() {
    return Optional.of(READER_NAME);
  }

  /** Whether pcscd was started here (and is stopped by {@link #close}). */
  public boolean startedPcscd() {
    return pcscd.owned();
  }

  public VirtualCardClient client() {
    return client;
  }

  /** Disconnects the virtual card and stops pcscd if it was started here. */
  @Override
  public void close() {
    client.close();
    pcscd.close();
  }
}
