package org.gaskiosk.sim.chaos;

/**
 * The kiosk loses power: thrown as an {@link Error} from a crash point so that nothing after it
 * runs, exactly as the engine's contract for crashes says.
 */
final class PowerCut extends Error {
  private static final long serialVersionUID = 1L;

  PowerCut(String at) {
    super("power cut at " + at, null, false, false);
  }
}
