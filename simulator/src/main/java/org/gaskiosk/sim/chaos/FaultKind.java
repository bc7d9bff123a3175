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
  CARD_LEFT_EARLY("card pulled between screens"),
  QR_DECLINED("QR declined"),
  QR_CONFIRMED_LATE("QR confirmed late"),
  QR_PAID_AFTER_GIVE_UP("QR paid after the kiosk gave up"),
  QR_DUPLICATE_NOTICE("QR duplicate paid notices"),
  QR_NOTICE_LOST("QR paid notice lost"),
  QR_CANCEL_UNANSWERED("QR cancel unanswered"),
  QR_BAD_SCAN("QR bad scan"),
  QR_BROKER_DOWN("broker down mid-QR"),
  QR_POWER_CUT("power cut armed mid-QR");

  final String label;

  FaultKind(String label) {
    this.label = label;
  }
}
