package org.gaskiosk.sim.card;

import javax.smartcardio.CardTerminals;
import javax.smartcardio.TerminalFactorySpi;

/** Instantiated reflectively by {@code TerminalFactory.getInstance} with the slot as parameter. */
public final class SimTerminalFactorySpi extends TerminalFactorySpi {
  private final SimCardTerminals terminals;

  /**
   * @param params the {@link SimCardSlot} to serve
   */
  public SimTerminalFactorySpi(Object params) {
    if (!(params instanceof SimCardSlot slot)) {
      throw new IllegalArgumentException(
          "the simulated terminal factory needs a SimCardSlot, not " + params);
    }
    this.terminals = new SimCardTerminals(slot);
  }

  @Override
  protected CardTerminals engineTerminals() {
    return terminals;
  }
}
