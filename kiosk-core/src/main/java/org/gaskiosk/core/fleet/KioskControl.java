package org.gaskiosk.core.fleet;

/**
 * What fleet operations need from the recharge engine. The engine implements it; the fleet calls it
 * from its own thread, so both methods must be quick and thread-safe.
 */
public interface KioskControl {
  /**
   * True from the moment a resident's card or money is at stake (card read, cash accepted, load
   * under way) until that transaction reached a final or parked state and the card left. Disruptive
   * commands (lock, reboot, set-config) and configuration updates wait while it is true.
   */
  boolean customerMidTransaction();

  /**
   * The mode the kiosk must now be in. Anything but {@link KioskMode#serving()} means: finish or
   * park the transaction under way as the journal's rules say, accept no new one, and show the
   * out-of-service screen with {@link KioskMode#reason()}. Called on every change, never
   * concurrently.
   */
  void setMode(KioskMode mode);
}
