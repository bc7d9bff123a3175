package org.gaskiosk.core.domain;

/** The kinds of card a kiosk meets; the wire names are those of the automation API. */
public enum CardFamily {
  PURSE("purse"),
  SLE4442("sle4442"),
  TOOL("tool");

  private final String wireName;

  CardFamily(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
