package org.gaskiosk.sim.card.pcsc;

import java.util.Optional;

/**
 * The real PC/SC stack cannot be used: a program or driver is missing (the message names the Debian
 * package that provides it), or pcscd would not start or answer.
 */
public final class PcscUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String debianPackage;

  PcscUnavailableException(String message, String debianPackage) {
    super(message);
    this.debianPackage = debianPackage;
  }

  PcscUnavailableException(String message, Throwable cause) {
    super(message, cause);
    this.debianPackage = null;
  }

  static PcscUnavailableException missing(String what, String debianPackage) {
    return new PcscUnavailableException(
        what + " is missing: install the Debian package " + debianPackage, debianPackage);
  }

  /** The Debian package to install, when something is not installed. */
  public Optional<String> debianPackage() {
    return Optional.ofNullable(debianPackage);
  }
}
