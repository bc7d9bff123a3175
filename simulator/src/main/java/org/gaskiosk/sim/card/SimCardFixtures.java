package org.gaskiosk.sim.card;

import java.util.List;
import org.gaskiosk.core.domain.CardFamily;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.hw.card.CardType;
import org.gaskiosk.hw.card.PurseProfile;
import org.gaskiosk.hw.card.pboc.PbocAlgorithm;

/**
 * The residents' cards every demo starts with (created when the card folder is empty). The central
 * simulator creates one account per user card from {@link #CARDS}, with the safety hold where the
 * fixture says so.
 */
public final class SimCardFixtures {

  /**
   * One fixture card.
   *
   * @param cardNo the card number
   * @param family purse, SLE4442 or tool
   * @param unit what the balance counts
   * @param balance the value on the card at first start
   * @param safetyHold the central account is under a safety hold (the card itself is ordinary)
   * @param description what the card is for in demos and tests
   */
  public record Fixture(
      String cardNo,
      CardFamily family,
      CardUnit unit,
      long balance,
      boolean safetyHold,
      String description) {}

  public static final Fixture MONEY_PURSE =
      new Fixture(
          "3100000000000001", CardFamily.PURSE, CardUnit.FEN, 1200, false, "purse card, money");
  public static final Fixture VOLUME_PURSE =
      new Fixture(
          "3100000000000002",
          CardFamily.PURSE,
          CardUnit.CENTI_M3,
          500,
          false,
          "purse card, volume (tiered tariff applies at the kiosk)");
  public static final Fixture SAFETY_HOLD_PURSE =
      new Fixture(
          "3100000000000003",
          CardFamily.PURSE,
          CardUnit.FEN,
          3000,
          true,
          "purse card whose account is under a safety hold centrally");
  public static final Fixture SLE4442 =
      new Fixture(
          "4200000000000004",
          CardFamily.SLE4442,
          CardUnit.CENTI_M3,
          0,
          false,
          "SLE4442 memory card, purchase count 3, PSC FFFFFF (loaded through card.service)");
  public static final Fixture SETTING_CARD =
      new Fixture(
          "9900000000000005", CardFamily.TOOL, CardUnit.FEN, 0, false, "setting card (staff tool)");
  public static final Fixture LOW_BATTERY_PURSE =
      new Fixture(
          "3100000000000006",
          CardFamily.PURSE,
          CardUnit.FEN,
          800,
          false,
          "purse card whose meter wrote back a low-battery alarm");

  public static final Fixture UNTAKEN_LOAD_PURSE =
      new Fixture(
          "3100000000000007",
          CardFamily.PURSE,
          CardUnit.FEN,
          2000,
          false,
          "purse card still carrying a load its meter has not taken (a new sale is refused)");

  public static final Fixture SM4_PURSE =
      new Fixture(
          "3100000000000008",
          CardFamily.PURSE,
          CardUnit.FEN,
          1500,
          false,
          "purse card whose load keys are SM4 (algorithm id 04) instead of 3DES");

  /** All fixture cards ({@link SimCardSlot#list()} shows them in card-number order). */
  public static final List<Fixture> CARDS =
      List.of(
          MONEY_PURSE,
          VOLUME_PURSE,
          SAFETY_HOLD_PURSE,
          SLE4442,
          SETTING_CARD,
          LOW_BATTERY_PURSE,
          UNTAKEN_LOAD_PURSE,
          SM4_PURSE);

  private SimCardFixtures() {}

  /** The EEPROM images of the fixture cards at first start. */
  static List<SimCardImage> images() {
    PurseImage.Meter used = new PurseImage.Meter(300, 0, "2026-02-20");
    PurseImage.Meter lowBattery =
        new PurseImage.Meter(120, PurseProfile.FLAG_LOW_BATTERY, "2026-02-25");
    return List.of(
        purse(MONEY_PURSE, CardType.USER_MONEY_PURSE, used),
        purse(VOLUME_PURSE, CardType.USER_VOLUME_PURSE, new PurseImage.Meter(80, 0, "2026-02-18")),
        purse(SAFETY_HOLD_PURSE, CardType.USER_MONEY_PURSE, used),
        MemoryImage.issue(SLE4442.cardNo(), SLE4442.unit().wireName(), 3, 500),
        purse(SETTING_CARD, CardType.SETTING, PurseImage.Meter.NEVER_USED),
        purse(LOW_BATTERY_PURSE, CardType.USER_MONEY_PURSE, lowBattery),
        purse(
            UNTAKEN_LOAD_PURSE,
            CardType.USER_MONEY_PURSE,
            new PurseImage.Meter(0, PurseProfile.FLAG_UNTAKEN_LOAD, "2026-02-10")),
        purse(SM4_PURSE, CardType.USER_MONEY_PURSE, used).withAlgorithm(PbocAlgorithm.SM4));
  }

  private static PurseImage purse(Fixture f, CardType type, PurseImage.Meter meter) {
    return PurseImage.issue(type, f.cardNo(), f.balance(), meter);
  }
}
