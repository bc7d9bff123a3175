package org.gaskiosk.core.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A price frozen for one transaction: what the resident pays, what the card receives, and how it
 * falls across the tariff's tiers.
 *
 * @param unit the card's unit
 * @param amount what the card receives, in its unit
 * @param due what the resident pays, in fen
 * @param volume the gas volume (exact for volume cards, an estimate at current prices for money
 *     cards)
 * @param split the volume across tiers, starting from the cycle's cumulative volume
 * @param tariff the tariff in force when quoted, frozen with the quote
 * @param cycleVolume the cycle's cumulative volume before this purchase
 */
public record Quote(
    CardUnit unit,
    long amount,
    Money due,
    Volume volume,
    TierSplit split,
    Tariff tariff,
    Volume cycleVolume) {

  /**
   * The resident names a sum of money. A volume card receives the largest volume that money buys.
   */
  public static Quote forMoney(CardUnit unit, Tariff tariff, Volume cycleVolume, Money money) {
    Volume volume = tariff.volumeFor(cycleVolume, money);
    TierSplit split = tariff.split(cycleVolume, volume);
    long amount = unit == CardUnit.FEN ? money.fen() : volume.centiM3();
    return new Quote(unit, amount, money, volume, split, tariff, cycleVolume);
  }

  /** The resident names a volume; the price is the tiered cost of that volume. */
  public static Quote forVolume(CardUnit unit, Tariff tariff, Volume cycleVolume, Volume volume) {
    TierSplit split = tariff.split(cycleVolume, volume);
    Money due = split.total();
    long amount = unit == CardUnit.FEN ? due.fen() : volume.centiM3();
    return new Quote(unit, amount, due, volume, split, tariff, cycleVolume);
  }

  /**
   * What {@code paid} buys under the same frozen tariff and cycle (cash may differ from the quote).
   */
  public Quote forPaid(Money paid) {
    return forMoney(unit, tariff, cycleVolume, paid);
  }

  /** Reads back {@link #toMap()} as stored in the journal. */
  public static Quote fromMap(Map<String, Object> m) {
    CardUnit unit = CardUnit.fromWire((String) m.get("unit"));
    @SuppressWarnings("unchecked")
    Tariff tariff = Tariff.fromMap((Map<String, Object>) m.get("tariff"));
    Volume cycle = Volume.centiM3(((Number) m.get("cycleVolume")).longValue());
    Money due = Money.fen(((Number) m.get("due")).longValue());
    Volume volume = Volume.centiM3(((Number) m.get("volume")).longValue());
    long amount = ((Number) m.get("amount")).longValue();
    return new Quote(unit, amount, due, volume, tariff.split(cycle, volume), tariff, cycle);
  }

  /**
   * For a volume card, the fen paid beyond the tiered cost of the volume loaded (less than the
   * price of 0.01 m3): shown on the quote and the receipt so nothing is hidden. Zero for money
   * cards.
   */
  public Money rounding() {
    return unit == CardUnit.FEN ? Money.ZERO : due.minus(split.total());
  }

  /** JSON-ready form for the journal, the screen and events. */
  public Map<String, Object> toMap() {
    List<Map<String, Object>> tiers = new ArrayList<>();
    for (TierSplit.Portion p : split.portions()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("tier", p.tier());
      m.put("volume", p.volume().centiM3());
      m.put("price", p.fenPerM3());
      m.put("amount", p.cost().fen());
      tiers.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("unit", unit.wireName());
    out.put("amount", amount);
    out.put("due", due.fen());
    out.put("volume", volume.centiM3());
    out.put("tiers", tiers);
    out.put("rounding", rounding().fen());
    out.put("tariffVersion", tariff.version());
    out.put("tariff", tariff.toMap());
    out.put("cycleVolume", cycleVolume.centiM3());
    return out;
  }
}
