package org.gaskiosk.core.domain;

/**
 * An amount of money in fen (0.01 yuan). Always a {@code long}: money never passes through floating
 * point.
 *
 * @param fen the amount; negative values are allowed only as differences, never as prices or
 *     payments
 */
public record Money(long fen) implements Comparable<Money> {
  public static final Money ZERO = new Money(0);

  public static Money fen(long fen) {
    return new Money(fen);
  }

  public static Money yuan(long yuan) {
    return new Money(Math.multiplyExact(yuan, 100L));
  }

  public Money plus(Money other) {
    return new Money(Math.addExact(fen, other.fen));
  }

  public Money minus(Money other) {
    return new Money(Math.subtractExact(fen, other.fen));
  }

  public boolean isZero() {
    return fen == 0;
  }

  public boolean isPositive() {
    return fen > 0;
  }

  @Override
  public int compareTo(Money o) {
    return Long.compare(fen, o.fen);
  }

  /** "50.00" style text for screens and receipts, computed with integer arithmetic. */
  public String toYuanString() {
    long abs = Math.abs(fen);
    return (fen < 0 ? "-" : "") + (abs / 100) + "." + String.format("%02d", abs % 100);
  }

  @Override
  public String toString() {
    return toYuanString() + " CNY";
  }
}
