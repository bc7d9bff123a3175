package org.gaskiosk.sim.central;

import java.time.LocalDateTime;
import org.gaskiosk.core.port.LoadInit;
import org.gaskiosk.hw.card.pboc.Hex;
import org.gaskiosk.hw.card.pboc.PbocCrypto;

/**
 * The card's half of a purse load, computed in the test with the card's own load key: what the card
 * answers to INITIALIZE FOR LOAD (with a real MAC1), and the MAC2 it would accept.
 */
record TestPurse(String cardNo, byte[] loadKey, long balance, int sequence) {
  static final byte[] TERMINAL = Hex.decode("001122334455");
  static final byte[] RANDOM = Hex.decode("11223344");

  static TestPurse issuedWith(byte[] masterKey, String cardNo, long balance, int sequence) {
    return new TestPurse(cardNo, PbocCrypto.diversify(masterKey, cardNo), balance, sequence);
  }

  LoadInit initializeForLoad(long amount) {
    byte[] seslk = PbocCrypto.sessionLoadKey(loadKey, RANDOM, sequence);
    byte[] mac1 = PbocCrypto.mac1(seslk, balance, amount, PbocCrypto.TYPE_PURSE, TERMINAL);
    return new LoadInit(balance, sequence, 1, 0x00, RANDOM, mac1);
  }

  byte[] expectedMac2(long amount, LocalDateTime t) {
    byte[] seslk = PbocCrypto.sessionLoadKey(loadKey, RANDOM, sequence);
    byte[] date =
        Hex.decode(
            String.format("%04d%02d%02d", t.getYear(), t.getMonthValue(), t.getDayOfMonth()));
    byte[] time =
        Hex.decode(String.format("%02d%02d%02d", t.getHour(), t.getMinute(), t.getSecond()));
    return PbocCrypto.mac2(seslk, amount, PbocCrypto.TYPE_PURSE, TERMINAL, date, time);
  }
}
