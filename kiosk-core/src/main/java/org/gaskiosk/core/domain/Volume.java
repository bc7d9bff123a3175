package org.gaskiosk.core.domain;

/**
 * A gas volume in hundredths of a cubic metre (0.01 m3), the unit volume cards and meters count in.
 *
 * @param centiM3 hundredths of a cubic metre
 */
public record Volume(long centiM3) implements Comparable<Volume> {
  public static final Volume ZERO = new Volume(0);

  public static Volume centiM3(long centiM3) {
    return new Volume(centiM3);
  }

  public static Volume m3(long m3) {
    return new Volume(Math.multiplyExact(m3, 100L));
  }

  public Volume plus(Volume other) {
    return new Volume(Math.addExact(centiM3, other.centiM3));
  }

  public Volume minus(Volume other) {
    return new Volume(Math.subtractExact(centiM3, other.centiM3));
  }

  public boolean isZero() {
    return centiM3 == 0;
  }

  @Override
  public int compareTo(Volume o) {
    return Long.compare(centiM3, o.centiM3);
  }

  /** "12.34" (m3), computed with integer arithmetic. */
  public String toM3String() {
    long abs = Math.abs(centiM3);
    return (centiM3 < 0 ? "-" : "") + (abs / 100) + "." + String.format("%02d", abs % 100);
  }

  @Override
  public String toString() {
    return toM3String() + " m3";
  }
}
