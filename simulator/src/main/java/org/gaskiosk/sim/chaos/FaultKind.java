package org.gaskiosk.sim.chaos;

/** What the campaign does to a kiosk, a card or the network, counted in the summary. */
enum FaultKind {
  POWER_CUT("power cut"),
  CARD_PULLED("card pulled mid-command"),
  BROKER_DOWN("broker down and back"),
  ACK_LOST("acks lost"),
  BANKNOTE_REJECTED("banknote rejected"),
  ACCEPTOR_JAM("acceptor jam"),
  CASH_BOX_REMOVED("cash box removed"),
  WALKED_AWAY("resident walked away"),
  CARD_LEFT_EARLY("card pulled between screens");

  final String label;

  FaultKind(String label) {
    this.label = label;
  }
}
