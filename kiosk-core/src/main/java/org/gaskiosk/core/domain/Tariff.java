package org.gaskiosk.core.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A yearly tiered gas tariff (阶梯气价). Each tier covers the cycle's cumulative volume up to its
 * bound; a purchase is split across tiers starting from the volume already bought in this cycle.
 *
 * <p>Prices are fen per m3. The cost of each portion is {@code volume * price / 100} rounded half
 * up, so the cost of a purchase never depends on floating point and grows monotonically with its
 * volume.
 *
 * @param version the tariff version frozen into every quote
 * @param tiers the tiers in order; every bound but the last's is finite and increasing
 */
public record Tariff(String version, List<Tier> tiers) {

  /**
   * One tier.
   *
   * @param upTo cumulative cycle volume where this tier ends (exclusive); {@code null} for the last
   *     tier
   * @param fenPerM3 price in fen per cubic metre
   */
  public record Tier(Volume upTo, long fenPerM3) {}

  public Tariff {
    Objects.requireNonNull(version, "version");
    tiers = List.copyOf(tiers);
    if (tiers.isEmpty()) {
      throw new IllegalArgumentException("a tariff needs at least one tier");
    }
    long previous = 0;
    for (int i = 0; i < tiers.size(); i++) {
      Tier t = tiers.get(i);
      boolean last = i == tiers.size() - 1;
      if (t.fenPerM3() <= 0) {
        throw new IllegalArgumentException("tier " + (i + 1) + " price must be positive");
      }
      if (last != (t.upTo() == null)) {
        throw new IllegalArgumentException(
            "only the last tier is open-ended (tier " + (i + 1) + ")");
      }
      if (!last && t.upTo().centiM3() <= previous) {
        throw new IllegalArgumentException("tier bounds must increase (tier " + (i + 1) + ")");
      }
      if (!last) {
        previous = t.upTo().centiM3();
      }
    }
  }

  /**
   * The published example proposal: 0-247 m3 at 3.45, 247-398 m3 at 4.14, above at 5.18 yuan/m3.
   */
  public static Tariff example() {
    return new Tariff(
        "2026-01",
        List.of(new Tier(Volume.m3(247), 345), new Tier(Volume.m3(398), 414), new Tier(null, 518)));
  }

  /** Splits a purchase of {@code volume} made when the cycle already counts {@code cycleVolume}. */
  public TierSplit split(Volume cycleVolume, Volume volume) {
    if (volume.centiM3() < 0 || cycleVolume.centiM3() < 0) {
      throw new IllegalArgumentException("volumes must not be negative");
    }
    List<TierSplit.Portion> portions = new ArrayList<>();
    long position = cycleVolume.centiM3();
    long left = volume.centiM3();
    for (int i = 0; i < tiers.size() && left > 0; i++) {
      Tier t = tiers.get(i);
      long room = t.upTo() == null ? Long.MAX_VALUE : t.upTo().centiM3() - position;
      if (room <= 0) {
        continue;
      }
      long here = Math.min(room, left);
      portions.add(
          new TierSplit.Portion(
              i + 1, Volume.centiM3(here), t.fenPerM3(), cost(here, t.fenPerM3())));
      position += here;
      left -= here;
    }
    return new TierSplit(portions);
  }

  /**
   * The largest volume whose tiered cost does not exceed {@code money}: what a money amount buys on
   * a volume card.
   */
  public Volume volumeFor(Volume cycleVolume, Money money) {
    if (money.fen() <= 0) {
      return Volume.ZERO;
    }
    long lowest = tiers.stream().mapToLong(Tier::fenPerM3).min().orElseThrow();
    long lo = 0;
    long hi =
        Math.multiplyExact(money.fen(), 100L) / lowest
            + 1; // cannot buy more than at the lowest price
    while (lo < hi) { // largest v with cost(v) <= money; cost is monotone in v
      long mid = lo + (hi - lo + 1) / 2;
      if (split(cycleVolume, Volume.centiM3(mid)).total().fen() <= money.fen()) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return Volume.centiM3(lo);
  }

  /** JSON-ready form: {@code {version, tiers: [{upTo: centiM3 or null, fenPerM3}]}}. */
  public Map<String, Object> toMap() {
    List<Map<String, Object>> list = new ArrayList<>();
    for (Tier t : tiers) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("upTo", t.upTo() == null ? null : t.upTo().centiM3());
      m.put("fenPerM3", t.fenPerM3());
      list.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("version", version);
    out.put("tiers", list);
    return out;
  }

  /**
   * Reads {@link #toMap()}'s form; throws IllegalArgumentException with the reason when it is not a
   * tariff.
   */
  public static Tariff fromMap(Map<String, Object> m) {
    try {
      List<Tier> tiers = new ArrayList<>();
      for (Object o : (List<?>) m.get("tiers")) {
        Map<?, ?> t = (Map<?, ?>) o;
        Object upTo = t.get("upTo");
        tiers.add(
            new Tier(
                upTo == null ? null : Volume.centiM3(((Number) upTo).longValue()),
                ((Number) t.get("fenPerM3")).longValue()));
      }
      return new Tariff((String) m.get("version"), tiers);
    } catch (ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException("not a tariff: " + m, e);
    }
  }

  private static Money cost(long centiM3, long fenPerM3) {
    return Money.fen(Math.addExact(Math.multiplyExact(centiM3, fenPerM3), 50L) / 100L);
  }
}
