package org.gaskiosk.app;

/**
 * Tells the service manager how the controller is doing, as sd_notify(3) does: {@code READY=1},
 * {@code WATCHDOG=1}, {@code STOPPING=1}, {@code STATUS=...}. Never throws: a lost notification
 * shows as a start-up timeout or a watchdog restart, which is the safe side.
 */
@FunctionalInterface
public interface Notifier {
  void send(String state);

  /** Not started by systemd (no {@code NOTIFY_SOCKET}): nothing to tell. */
  Notifier NONE = state -> {};
}
