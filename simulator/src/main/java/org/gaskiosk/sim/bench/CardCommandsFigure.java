package org.gaskiosk.sim.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gaskiosk.sim.card.SimCardFixtures;

/**
 * Figure 2: card commands (APDUs) from insertion to loaded for each card family, counted at the
 * simulated card, beside the protocol minimum. The memory card is counted from insertion to its
 * account screen, the staff tool card from insertion to the refusal.
 */
final class CardCommandsFigure {
  /**
   * A PBOC purse load cannot do with fewer: SELECT the application, READ BINARY the identity, READ
   * RECORD the meter record (the gas application's own data), GET BALANCE for the account screen,
   * INITIALIZE FOR LOAD, CREDIT FOR LOAD.
   */
  static final int PURSE_MINIMUM = 6;

  private CardCommandsFigure() {}

  static List<ObjectNode> run(BenchKiosk kiosk) {
    List<ObjectNode> out = new ArrayList<>();
    kiosk.takeCommandLog();
    for (SimCardFixtures.Fixture f :
        List.of(SimCardFixtures.MONEY_PURSE, SimCardFixtures.VOLUME_PURSE)) {
      PurchaseTiming t = kiosk.purchase(f.cardNo(), OverheadFigure.FEN);
      ObjectNode n = Figures.figure("card-commands");
      n.put("family", "purse-" + f.unit().name().toLowerCase(Locale.ROOT));
      n.put("path", "insert to loaded");
      n.put("apdus", t.apdus());
      n.put("protocolMinimum", PURSE_MINIMUM);
      n.put("ins", kiosk.takeCommandLog());
      Figures.goal(n, "APDUs per purse purchase", t.apdus(), PURSE_MINIMUM, true);
      out.add(n);
    }
    // The memory card's read (raw main memory, security memory) up to the account screen; its
    // load goes through card.service and is not part of this figure yet.
    out.add(untilScreen(kiosk, SimCardFixtures.SLE4442, "account", "insert to account (read)"));
    out.add(untilScreen(kiosk, SimCardFixtures.SETTING_CARD, "refused", "insert to refusal"));
    return out;
  }

  private static ObjectNode untilScreen(
      BenchKiosk kiosk, SimCardFixtures.Fixture f, String screen, String path) {
    long apdus = kiosk.commandsUntil(f.cardNo(), screen);
    ObjectNode n = Figures.figure("card-commands");
    n.put("family", f.family().wireName());
    n.put("path", path);
    n.put("apdus", apdus);
    n.put("ins", kiosk.takeCommandLog());
    return n;
  }
}
