package org.gaskiosk.sim.central;

import java.util.Objects;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.core.domain.Tariff;
import org.gaskiosk.core.port.LookupResult.Safety;

/**
 * A resident's account at the gas company, keyed by the card number.
 *
 * @param cardNo the card (application) serial number, 1-16 digits
 * @param holder the holder's full name; card.lookup answers it masked
 * @param unit what the card's balance counts
 * @param safety the installation's safety status
 * @param safetyNotice text for the resident, empty when none
 * @param cycleVolumeCentiM3 volume bought in this tariff cycle (0.01 m3)
 * @param tariff the tariff in force
 */
public record Account(
    String cardNo,
    String holder,
    CardUnit unit,
    Safety safety,
    String safetyNotice,
    long cycleVolumeCentiM3,
    Tariff tariff) {
  public Account {
    if (cardNo == null || !cardNo.matches("[0-9]{1,16}")) {
      throw new IllegalArgumentException("card number must be 1-16 digits: " + cardNo);
    }
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(safety, "safety");
    safetyNotice = safetyNotice == null ? "" : safetyNotice;
    if (cycleVolumeCentiM3 < 0) {
      throw new IllegalArgumentException("cycle volume must not be negative");
    }
    Objects.requireNonNull(tariff, "tariff");
  }

  /** A new account with safety OK, nothing bought this cycle and {@link Tariff#example()}. */
  public static Account of(String cardNo, String holder, CardUnit unit) {
    return new Account(cardNo, holder, unit, Safety.OK, "", 0, Tariff.example());
  }

  public Account withSafety(Safety safety, String notice) {
    return new Account(cardNo, holder, unit, safety, notice, cycleVolumeCentiM3, tariff);
  }

  public Account withCycleVolume(long centiM3) {
    return new Account(cardNo, holder, unit, safety, safetyNotice, centiM3, tariff);
  }

  /** The holder's name for a public screen: first and last character kept, the rest starred. */
  public String maskedHolder() {
    int[] cps = holder.codePoints().toArray();
    if (cps.length <= 1) {
      return holder;
    }
    StringBuilder b = new StringBuilder().appendCodePoint(cps[0]);
    if (cps.length == 2) {
      return b.append('*').toString();
    }
    b.append("*".repeat(cps.length - 2));
    return b.appendCodePoint(cps[cps.length - 1]).toString();
  }
}
