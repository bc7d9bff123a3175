package org.gaskiosk.core.port;

/**
 * A banknote acceptor. It stays inhibited unless the engine enables it for a purchase waiting for
 * cash.
 *
 * <p>Exactly-once crediting: the driver calls {@link BillListener#onStacked} when the device
 * reports the note stacked (ID003 VEND VALID) and acknowledges the device only after that call
 * returned normally, which means the credit is committed in the journal. If the call throws, the
 * driver does not acknowledge.
 */
public interface BillAcceptor {

  /** Starts the device loop; events go to {@code listener}. */
  void start(BillListener listener);

  /** Accepts notes (the engine still decides each escrow). */
  void enable();

  /** Refuses every note. */
  void inhibit();

  /** Whether the acceptor currently takes notes. */
  boolean isEnabled();

  /** Stops the device loop and leaves the device inhibited. */
  void stop();

  /** A one-line health description, for telemetry and faults. */
  String health();
}
