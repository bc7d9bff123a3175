package org.gaskiosk.sim.card;

/**
 * Stands in for SunPCSC's {@code PCSCException}: its message is the SCARD_* code, and it is the
 * cause of the {@code CardException} the provider throws, as on the real stack.
 */
final class SimPcscException extends Exception {
  SimPcscException(String code) {
    super(code);
  }
}
