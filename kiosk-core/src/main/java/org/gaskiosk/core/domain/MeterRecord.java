package org.gaskiosk.core.domain;

import java.time.LocalDate;

/**
 * What the meter wrote back onto the card the last time the resident put it into the meter.
 *
 * @param remaining gas (or money, per the card's unit) the meter still holds, in card units
 * @param valveClosed the meter closed its valve
 * @param lowBattery the meter's battery is low
 * @param magneticAttack the meter detected a magnet
 * @param leakAlarm the meter or its detector reported a leak
 * @param lastUse the day the card was last in the meter, or null if never
 * @param untakenLoad the card still carries a load the meter has not taken (the "new card" flag): a
 *     new sale must wait until the resident has put the card into the meter
 */
public record MeterRecord(
    long remaining,
    boolean valveClosed,
    boolean lowBattery,
    boolean magneticAttack,
    boolean leakAlarm,
    LocalDate lastUse,
    boolean untakenLoad) {
  public static final MeterRecord NONE = new MeterRecord(0, false, false, false, false, null);

  /** A write-back without the untaken-load flag (the common case). */
  public MeterRecord(
      long remaining,
      boolean valveClosed,
      boolean lowBattery,
      boolean magneticAttack,
      boolean leakAlarm,
      LocalDate lastUse) {
    this(remaining, valveClosed, lowBattery, magneticAttack, leakAlarm, lastUse, false);
  }

  /** Whether the meter reported anything the gas company's safety team must hear about. */
  public boolean hasAlarm() {
    return valveClosed || lowBattery || magneticAttack || leakAlarm;
  }
}
