package org.gaskiosk.sim.bill;

/** The CNY notes a simulated resident can insert, with their value in fen. */
public enum Denomination {
  Y1(100),
  Y5(500),
  Y10(1_000),
  Y20(2_000),
  Y50(5_000),
  Y100(10_000);

  private final long fen;

  Denomination(long fen) {
    this.fen = fen;
  }

  public long fen() {
    return fen;
  }
}
