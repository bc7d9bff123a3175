package org.gaskiosk.core.domain;

import java.util.List;

/**
 * How one purchase falls across the tariff's tiers, shown to the resident before payment.
 *
 * @param portions the non-empty portions, lowest tier first
 */
public record TierSplit(List<Portion> portions) {

  /**
   * The part of a purchase in one tier.
   *
   * @param tier the tier number, from 1
   * @param volume the volume in this tier
   * @param fenPerM3 the tier's price
   * @param cost the portion's cost, rounded half up to the fen
   */
  public record Portion(int tier, Volume volume, long fenPerM3, Money cost) {}

  public TierSplit {
    portions = List.copyOf(portions);
  }

  public Money total() {
    return portions.stream().map(Portion::cost).reduce(Money.ZERO, Money::plus);
  }

  public Volume volume() {
    return portions.stream().map(Portion::volume).reduce(Volume.ZERO, Volume::plus);
  }
}
