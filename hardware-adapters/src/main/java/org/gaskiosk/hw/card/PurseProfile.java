package org.gaskiosk.hw.card;

import org.gaskiosk.hw.card.pboc.Hex;

/**
 * The on-card layout of this utility's gas purse application, shared by the production reader and
 * the simulated card. See {@code docs/card-profile.md} for the byte tables.
 *
 * <p>The AID starts with {@code F0}: ISO/IEC 7816-4 reserves the first nibble F for proprietary,
 * unregistered application identifiers, which is what a utility's own purse application is until it
 * registers a RID. The rest spells "GASPURSE" in ASCII.
 */
public final class PurseProfile {

  /** Application identifier of the gas purse application: {@code F0 "GASPURSE"}. */
  public static final byte[] AID = Hex.decode("F047415350555253 45");

  /** Short file id of the issuer/identity file (transparent, {@value #IDENTITY_LENGTH} bytes). */
  public static final int SFI_IDENTITY = 0x15;

  /** Short file id of the meter write-back record file (one record). */
  public static final int SFI_METER = 0x16;

  /** Short file id of the cyclic transaction log (record 1 = newest). */
  public static final int SFI_LOG = 0x18;

  public static final int IDENTITY_LENGTH = 16;
  public static final int METER_RECORD_LENGTH = 9;
  public static final int LOG_RECORD_LENGTH = 20;

  /** The load key index the kiosk asks for in INITIALIZE FOR LOAD. */
  public static final int LOAD_KEY_INDEX = 0x01;

  /** Application state byte of the identity file. */
  public static final int STATE_ACTIVE = 0x01;

  public static final int STATE_LOCKED = 0x02;

  /** Meter write-back flag bits. */
  public static final int FLAG_VALVE_CLOSED = 0x01;

  public static final int FLAG_LOW_BATTERY = 0x02;
  public static final int FLAG_MAGNETIC_ATTACK = 0x04;
  public static final int FLAG_LEAK_ALARM = 0x08;

  /**
   * Set when the card carries a load the meter has not taken yet (the "new card" flag); the meter
   * clears it when it takes the load. The kiosk refuses a new sale while it is set.
   */
  public static final int FLAG_UNTAKEN_LOAD = 0x10;

  private PurseProfile() {}

  /** A copy of the AID, for callers that must not share the constant array. */
  public static byte[] aid() {
    return AID.clone();
  }
}
