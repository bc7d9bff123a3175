package org.gaskiosk.hw.card;

import java.io.ByteArrayOutputStream;
import java.time.LocalDateTime;
import org.gaskiosk.hw.card.pboc.Hex;
import org.gaskiosk.hw.card.pboc.PbocCrypto;

/** Builds the command APDUs of the purse profile, byte for byte as card.md writes them. */
public final class PurseCommands {
  public static final int INS_SELECT = 0xA4;
  public static final int INS_READ_BINARY = 0xB0;
  public static final int INS_READ_RECORD = 0xB2;
  public static final int INS_GET_RESPONSE = 0xC0;
  public static final int INS_INITIALIZE_FOR_LOAD = 0x50;
  public static final int INS_CREDIT_FOR_LOAD = 0x52;
  public static final int INS_GET_BALANCE = 0x5C;
  public static final int INS_GET_TRANSACTION_PROVE = 0x5A;

  /** P2 of the purse commands: 02 = electronic purse (01 would be the passbook). */
  private static final int P2_PURSE = 0x02;

  private PurseCommands() {}

  /** SELECT by DF name, first occurrence, FCI requested: {@code 00 A4 04 00 Lc AID 00}. */
  public static byte[] selectByAid(byte[] aid) {
    return apdu(0x00, INS_SELECT, 0x04, 0x00, aid, 0x00);
  }

  /** READ BINARY of a transparent file by short file id: {@code 00 B0 (80|SFI) offset Le}. */
  public static byte[] readBinary(int sfi, int offset, int le) {
    return new byte[] {0x00, (byte) INS_READ_BINARY, (byte) (0x80 | sfi), (byte) offset, (byte) le};
  }

  /** READ RECORD number {@code record} of file {@code sfi}: {@code 00 B2 rec (SFI<<3|4) Le}. */
  public static byte[] readRecord(int sfi, int record, int le) {
    return new byte[] {
      0x00, (byte) INS_READ_RECORD, (byte) record, (byte) ((sfi << 3) | 0x04), (byte) le
    };
  }

  /** GET BALANCE: {@code 80 5C 00 02 04}. */
  public static byte[] getBalance() {
    return new byte[] {(byte) 0x80, (byte) INS_GET_BALANCE, 0x00, P2_PURSE, 0x04};
  }

  /**
   * INITIALIZE FOR LOAD: {@code 80 50 00 02 0B | key index | amount(4) | terminal(6) | 10}.
   *
   * @param terminalId 12 hex digits
   */
  public static byte[] initializeForLoad(int keyIndex, long amount, String terminalId) {
    byte[] terminal = terminal(terminalId);
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    data.write(keyIndex);
    data.writeBytes(PbocCrypto.u32(amount));
    data.writeBytes(terminal);
    return apdu(0x80, INS_INITIALIZE_FOR_LOAD, 0x00, P2_PURSE, data.toByteArray(), 0x10);
  }

  /** CREDIT FOR LOAD: {@code 80 52 00 00 0B | date(4 BCD) | time(3 BCD) | MAC2(4) | 04}. */
  public static byte[] creditForLoad(LocalDateTime hostTime, byte[] mac2) {
    if (mac2.length != 4) {
      throw new IllegalArgumentException("MAC2 must be 4 bytes, not " + mac2.length);
    }
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    data.writeBytes(Bcd.date(hostTime.toLocalDate()));
    data.writeBytes(Bcd.time(hostTime.toLocalTime()));
    data.writeBytes(mac2);
    return apdu(0x80, INS_CREDIT_FOR_LOAD, 0x00, 0x00, data.toByteArray(), 0x04);
  }

  /** GET TRANSACTION PROVE of a load: {@code 80 5A 00 02 02 | sequence(2) | 08}. */
  public static byte[] getTransactionProve(int sequence) {
    if (sequence < 0 || sequence > 0xFFFF) {
      throw new IllegalArgumentException("not a 2-byte sequence: " + sequence);
    }
    byte[] seq = {(byte) (sequence >> 8), (byte) sequence};
    return apdu(0x80, INS_GET_TRANSACTION_PROVE, 0x00, P2_PURSE, seq, 0x08);
  }

  /** The 6-byte terminal id from its 12 hex digits. */
  public static byte[] terminal(String terminalId) {
    if (terminalId == null || !terminalId.matches("[0-9A-Fa-f]{12}")) {
      throw new IllegalArgumentException("terminal id must be 12 hex digits: " + terminalId);
    }
    return Hex.decode(terminalId);
  }

  /** The name of a command for logs and failure values. */
  public static String name(int ins) {
    return switch (ins) {
      case INS_SELECT -> "SELECT";
      case INS_READ_BINARY -> "READ BINARY";
      case INS_READ_RECORD -> "READ RECORD";
      case INS_GET_RESPONSE -> "GET RESPONSE";
      case INS_INITIALIZE_FOR_LOAD -> "INITIALIZE FOR LOAD";
      case INS_CREDIT_FOR_LOAD -> "CREDIT FOR LOAD";
      case INS_GET_BALANCE -> "GET BALANCE";
      case INS_GET_TRANSACTION_PROVE -> "GET TRANSACTION PROVE";
      default -> String.format("INS %02X", ins);
    };
  }

  private static byte[] apdu(int cla, int ins, int p1, int p2, byte[] data, int le) {
    byte[] out = new byte[5 + data.length + 1];
    out[0] = (byte) cla;
    out[1] = (byte) ins;
    out[2] = (byte) p1;
    out[3] = (byte) p2;
    out[4] = (byte) data.length;
    System.arraycopy(data, 0, out, 5, data.length);
    out[out.length - 1] = (byte) le;
    return out;
  }
}
