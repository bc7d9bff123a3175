package org.gaskiosk.sim.chaos;

import org.gaskiosk.core.journal.CrashPoint;
import org.gaskiosk.sim.card.SimCardSlot;

/**
 * Counts the crash points a kiosk passes (every journal commit, before and after, and every card
 * command, before and after it is applied) and cuts the power at the one the campaign drew.
 */
final class PowerSwitch implements CrashPoint, SimCardSlot.CommandHook {
  private int countdown = -1;
  private String cutAt;

  /** Cuts the power at the {@code n}-th crash point from now (0 = the next one). */
  synchronized void arm(int n) {
    countdown = n;
    cutAt = null;
  }

  synchronized void disarm() {
    countdown = -1;
  }

  /** Where the last cut happened, or null. */
  synchronized String cutAt() {
    return cutAt;
  }

  @Override
  public void reached(String point) {
    synchronized (this) {
      if (countdown < 0) {
        return;
      }
      if (countdown > 0) {
        countdown--;
        return;
      }
      countdown = -1;
      cutAt = point;
    }
    throw new PowerCut(point);
  }

  @Override
  public void at(int ins, SimCardSlot.When phase) {
    reached(String.format("card:%02X:%s", ins, phase));
  }
}
