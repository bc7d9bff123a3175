package org.gaskiosk.sim.chaos;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gaskiosk.sim.card.PurseImage;

/**
 * Invariant 2 for every purse card: its balance = its start - what the gas meter took + every load
 * the journals record (all kiosks), its purse sequence = its start + the number of those loads;
 * except for loads whose answer was lost (WRITING): those may or may not be on the card until the
 * card is seen again.
 */
final class CardChecks {
  /** A card's history outside the kiosks: where it started and what the gas meter took off it. */
  private static final class CardBook {
    final long initialBalance;
    final int initialSequence;
    long consumed;

    CardBook(long balance, int sequence) {
      this.initialBalance = balance;
      this.initialSequence = sequence;
    }
  }

  /** What the journals say was loaded onto each card, gathered kiosk by kiosk for one check. */
  static final class Loads {
    private final Map<String, long[]> loadedByCard = new HashMap<>();
    private final Map<String, List<Long>> writingByCard = new HashMap<>();
  }

  private final JournalReads journal;
  private final CheckTally tally;
  private final Map<String, CardBook> cards = new LinkedHashMap<>();

  CardChecks(JournalReads journal, CheckTally tally) {
    this.journal = journal;
    this.tally = tally;
  }

  /** Remembers a card's starting point (call before the first session). */
  void track(String cardNo, PurseImage image) {
    cards.put(cardNo, new CardBook(image.balance(), image.onlineSequence()));
  }

  /** The gas meter took {@code value} off the card (outside any kiosk). */
  void consumed(String cardNo, long value) {
    cards.get(cardNo).consumed += value;
  }

  /** Adds this kiosk's loads, and its loads whose answer was lost, to {@code loads}. */
  void read(ChaosKiosk k, Loads loads) throws SQLException {
    try (PreparedStatement ps =
            journal
                .conn(k)
                .prepareStatement(
                    "SELECT card_no, SUM(amount), COUNT(*) FROM recharge WHERE state IN "
                        + JournalReads.LOADED
                        + " GROUP BY card_no");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        long[] sum = loads.loadedByCard.computeIfAbsent(rs.getString(1), c -> new long[2]);
        sum[0] += rs.getLong(2);
        sum[1] += rs.getLong(3);
      }
    }
    try (PreparedStatement ps =
            journal
                .conn(k)
                .prepareStatement("SELECT card_no, amount FROM recharge WHERE state='WRITING'");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        loads
            .writingByCard
            .computeIfAbsent(rs.getString(1), c -> new ArrayList<>())
            .add(rs.getLong(2));
      }
    }
  }

  /** Every tracked card's value and sequence against the loads read from all the kiosks. */
  void check(List<String> v, Map<String, PurseImage> cardImages, Loads loads) {
    for (Map.Entry<String, CardBook> e : cards.entrySet()) {
      String cardNo = e.getKey();
      CardBook book = e.getValue();
      PurseImage image = cardImages.get(cardNo);
      long[] loaded = loads.loadedByCard.getOrDefault(cardNo, new long[2]);
      long valueDiff = image.balance() - (book.initialBalance - book.consumed + loaded[0]);
      long seqDiff = image.onlineSequence() - (book.initialSequence + loaded[1]);
      List<Long> uncertain = loads.writingByCard.getOrDefault(cardNo, List.of());
      tally.expect(
          v,
          explainedByUncertain(valueDiff, seqDiff, uncertain),
          "card "
              + cardNo
              + ": value "
              + image.balance()
              + " and sequence "
              + image.onlineSequence()
              + " differ from its loads by "
              + valueDiff
              + " and "
              + seqDiff
              + " (uncertain loads "
              + uncertain
              + ")");
    }
  }

  /** Whether some of the uncertain loads (at most 12 looked at) make up the difference exactly. */
  private static boolean explainedByUncertain(long valueDiff, long seqDiff, List<Long> uncertain) {
    int n = Math.min(uncertain.size(), 12);
    for (int mask = 0; mask < (1 << n); mask++) {
      long value = 0;
      for (int i = 0; i < n; i++) {
        if ((mask & (1 << i)) != 0) {
          value += uncertain.get(i);
        }
      }
      if (value == valueDiff && Integer.bitCount(mask) == seqDiff) {
        return true;
      }
    }
    return false;
  }
}
