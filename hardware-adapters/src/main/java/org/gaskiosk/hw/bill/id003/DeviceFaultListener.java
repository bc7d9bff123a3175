package org.gaskiosk.hw.bill.id003;

/**
 * Where a device adapter reports faults and their recoveries, in the shape of the UnifiedPOS status
 * model (JAM / JAMOK, FULL / FULLOK): every {@link #raised} is followed, once the device recovers,
 * by a {@link #cleared} for the same code carrying the recovery event's name. Calls come from the
 * device's own thread and must return quickly; an exception thrown here is logged and otherwise
 * ignored by the adapter.
 *
 * <p>This lives in the adapter package for now; kiosk-core has no fault port yet (see the note in
 * docs/bill-acceptor.md for the proposed one).
 */
public interface DeviceFaultListener {

  /** How bad a fault is for the kiosk. */
  enum Severity {
    /** Worth a look; the device still works (pause, a stuck transient that may resolve). */
    WARNING,
    /** The device cannot take money until it recovers (jam, cash box out, link lost). */
    ERROR,
    /** Money is at stake and a person must decide (a note of unknown fate, a failed credit). */
    CRITICAL
  }

  /**
   * A fault began (or its description changed).
   *
   * @param device the adapter's device name, e.g. "bill-acceptor"
   * @param code a stable code, e.g. "jam-in-acceptor"
   * @param severity how bad it is
   * @param text what an engineer on call needs: state, note, elapsed time
   */
  void raised(String device, String code, Severity severity, String text);

  /**
   * The fault {@code code} is over.
   *
   * @param recovery the recovery event, e.g. "jam-cleared", "emptied", "box-inserted",
   *     "link-restored"
   */
  void cleared(String device, String code, String recovery);

  /** A listener that ignores everything (the adapter still logs every fault). */
  DeviceFaultListener NONE =
      new DeviceFaultListener() {
        @Override
        public void raised(String device, String code, Severity severity, String text) {}

        @Override
        public void cleared(String device, String code, String recovery) {}
      };
}
