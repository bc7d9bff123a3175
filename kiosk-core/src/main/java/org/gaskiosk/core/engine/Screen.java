package org.gaskiosk.core.engine;

/** The screens of the automation contract, with their wire names. */
public enum Screen {
  IDLE("idle"),
  READING("reading"),
  ACCOUNT("account"),
  AMOUNT("amount"),
  PAY_METHOD("pay-method"),
  CASH("cash"),
  QR("qr"),
  WRITING("writing"),
  DONE("done"),
  PENDING("pending"),
  REFUSED("refused"),
  ERROR("error"),
  OUT_OF_SERVICE("out-of-service"),
  MAINTENANCE("maintenance");

  private final String wireName;

  Screen(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
