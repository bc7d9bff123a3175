package org.gaskiosk.sim.card;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.OptionalInt;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.TerminalFactory;
import org.gaskiosk.sim.card.pcsc.Pcscd;
import org.gaskiosk.sim.card.pcsc.VpcdConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real PC/SC stack for one integration-test class: a private pcscd ({@link Pcscd#startPrivate})
 * on the socket failsafe names in {@value Pcscd#SOCKET_ENV}, vpcd on a free port, and SunPCSC.
 *
 * <p>Failsafe runs every IT class in a JVM of its own ({@code reuseForks=false}): SunPCSC keeps one
 * PC/SC context per JVM, and a class that restarts pcscd must not leave a dead context to the next.
 * So "one pcscd per class" is "one pcscd per test JVM". pcscd is stopped after the class.
 *
 * <p>Nothing is skipped: a missing package, a missing variable or JVM property fails the class with
 * a message that says what to install or set.
 */
final class PcscStackExtension implements BeforeAllCallback, AfterAllCallback {
  /** vpcd's slot 0 as pcsc-lite names it. */
  static final String READER = "Virtual PCD 00 00";

  private final boolean withReader;
  private Pcscd pcscd;
  private TerminalFactory factory;
  private String startedFor;

  private PcscStackExtension(boolean withReader) {
    this.withReader = withReader;
  }

  /** pcscd with vsmartcard's virtual reader, for the virtual card. */
  static PcscStackExtension withVirtualReader() {
    return new PcscStackExtension(true);
  }

  /** pcscd with no reader configured at all. */
  static PcscStackExtension withoutReaders() {
    return new PcscStackExtension(false);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (pcscd != null) {
      return; // a @Nested class of the class that registered the extension
    }
    String socket = System.getenv(Pcscd.SOCKET_ENV);
    if (socket == null) {
      throw new IllegalStateException(
          Pcscd.SOCKET_ENV
              + " is not set: run the ITs with `mvn verify` (failsafe sets it), or set it to"
              + " <folder>/pcscd/pcscd.comm before the JVM starts");
    }
    for (String property :
        new String[] {
          "sun.security.smartcardio.t0GetResponse", "sun.security.smartcardio.t1GetResponse"
        }) {
      if (!"false".equals(System.getProperty(property))) {
        throw new IllegalStateException(
            "run the ITs with -D" + property + "=false (failsafe's argLine sets it)");
      }
    }
    Pcscd.requireInstalled();
    OptionalInt port = withReader ? OptionalInt.of(VpcdConfig.freePort()) : OptionalInt.empty();
    pcscd = Pcscd.startPrivate(Path.of(socket), port);
    startedFor = context.getUniqueId();
    factory = systemTerminalFactory();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (pcscd != null && context.getUniqueId().equals(startedFor)) {
      pcscd.close();
      pcscd = null;
    }
  }

  static TerminalFactory systemTerminalFactory() {
    try {
      return TerminalFactory.getInstance("PC/SC", null);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(
          "SunPCSC cannot reach pcscd (libpcsclite.so.1 is in the Debian package libpcsclite1)", e);
    }
  }

  Pcscd pcscd() {
    return pcscd;
  }

  TerminalFactory terminalFactory() {
    return factory;
  }

  InetSocketAddress vpcdAddress() {
    return pcscd.vpcdAddress().orElseThrow();
  }

  /** vpcd's slot 0 as SunPCSC shows it. */
  CardTerminal terminal() throws CardException {
    return Optional.ofNullable(factory.terminals().getTerminal(READER))
        .orElseThrow(() -> new IllegalStateException("pcscd shows no " + READER));
  }

  /** The slot served as a virtual card to this pcscd. */
  CardTransport attach(SimCardSlot slot) {
    return new PcscCardTransport(slot, this);
  }
}
