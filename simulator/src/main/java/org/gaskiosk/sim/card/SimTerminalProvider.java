package org.gaskiosk.sim.card;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import javax.smartcardio.TerminalFactory;

/**
 * A {@code java.security.Provider} serving one {@link SimCardSlot} as a javax.smartcardio reader,
 * so the production {@code PcscCardReader} runs unchanged over a simulated card. It is never
 * registered globally: {@link #terminalFactory} hands the provider instance to {@code
 * TerminalFactory.getInstance} directly.
 */
public final class SimTerminalProvider extends Provider {
  /** The TerminalFactory type this provider serves. */
  public static final String TYPE = "GasKioskSimulatedSlot";

  /** The reader name the simulated slot shows. */
  public static final String READER_NAME = "Gas Kiosk Simulated Reader 00 00";

  public SimTerminalProvider() {
    super("GasKioskSimCard", "1.0", "Simulated gas card reader slot for javax.smartcardio");
    put("TerminalFactory." + TYPE, SimTerminalFactorySpi.class.getName());
  }

  /** A terminal factory whose only reader is {@code slot}. */
  public static TerminalFactory terminalFactory(SimCardSlot slot) {
    try {
      return TerminalFactory.getInstance(TYPE, slot, new SimTerminalProvider());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the simulated terminal provider failed to load", e);
    }
  }
}
