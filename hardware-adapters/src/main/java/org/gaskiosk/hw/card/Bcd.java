package org.gaskiosk.hw.card;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Optional;

/**
 * Packed BCD as cards write it: two decimal digits per byte, high nibble first. Decoding returns
 * empty on a nibble above 9 or an impossible date, because those bytes come from a card and may be
 * garbage; encoding throws, because its input comes from our own code.
 */
public final class Bcd {
  private Bcd() {}

  /** The digits of {@code bytes}, or empty if a nibble is not a decimal digit. */
  public static Optional<String> digits(byte[] bytes, int offset, int length) {
    StringBuilder out = new StringBuilder(length * 2);
    for (int i = offset; i < offset + length; i++) {
      int hi = (bytes[i] >> 4) & 0x0F;
      int lo = bytes[i] & 0x0F;
      if (hi > 9 || lo > 9) {
        return Optional.empty();
      }
      out.append((char) ('0' + hi)).append((char) ('0' + lo));
    }
    return Optional.of(out.toString());
  }

  /** Packs an even number of decimal digits. */
  public static byte[] encode(String digits) {
    if (digits.length() % 2 != 0 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("not an even number of decimal digits: " + digits);
    }
    byte[] out = new byte[digits.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (((digits.charAt(2 * i) - '0') << 4) | (digits.charAt(2 * i + 1) - '0'));
    }
    return out;
  }

  /** YYYYMMDD in 4 bytes. */
  public static byte[] date(LocalDate date) {
    return encode(
        String.format("%04d%02d%02d", date.getYear(), date.getMonthValue(), date.getDayOfMonth()));
  }

  /** hhmmss in 3 bytes. */
  public static byte[] time(LocalTime time) {
    return encode(
        String.format("%02d%02d%02d", time.getHour(), time.getMinute(), time.getSecond()));
  }

  /** A YYYYMMDD date, or empty if the bytes are not BCD or not a calendar date. */
  public static Optional<LocalDate> decodeDate(byte[] bytes, int offset) {
    return digits(bytes, offset, 4)
        .flatMap(
            d -> {
              try {
                return Optional.of(
                    LocalDate.of(
                        Integer.parseInt(d.substring(0, 4)),
                        Integer.parseInt(d.substring(4, 6)),
                        Integer.parseInt(d.substring(6, 8))));
              } catch (DateTimeException e) {
                return Optional.empty();
              }
            });
  }

  /** A YYYYMMDD date followed by hhmmss, or empty if either does not parse. */
  public static Optional<LocalDateTime> decodeDateTime(byte[] bytes, int offset) {
    Optional<LocalDate> date = decodeDate(bytes, offset);
    Optional<String> time = digits(bytes, offset + 4, 3);
    if (date.isEmpty() || time.isEmpty()) {
      return Optional.empty();
    }
    try {
      String t = time.get();
      return Optional.of(
          date.get()
              .atTime(
                  Integer.parseInt(t.substring(0, 2)),
                  Integer.parseInt(t.substring(2, 4)),
                  Integer.parseInt(t.substring(4, 6))));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  /** Whether all bytes in the range are zero (an unset date, an empty record). */
  public static boolean allZero(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
