package org.gaskiosk.sim.card;

import java.util.Arrays;
import java.util.Optional;

/**
 * A short command APDU as a card parses it (ISO 7816-3 cases 1 to 4).
 *
 * @param le the expected length, 0 meaning 256; -1 when the command has no Le
 */
record Capdu(int cla, int ins, int p1, int p2, byte[] data, int le) {

  /** Empty when the bytes do not form a short APDU: the card answers 6700 then. */
  static Optional<Capdu> parse(byte[] apdu) {
    if (apdu.length < 4) {
      return Optional.empty();
    }
    int cla = apdu[0] & 0xFF;
    int ins = apdu[1] & 0xFF;
    int p1 = apdu[2] & 0xFF;
    int p2 = apdu[3] & 0xFF;
    if (apdu.length == 4) {
      return Optional.of(new Capdu(cla, ins, p1, p2, new byte[0], -1));
    }
    int p3 = apdu[4] & 0xFF;
    if (apdu.length == 5) {
      return Optional.of(new Capdu(cla, ins, p1, p2, new byte[0], p3));
    }
    if (p3 == 0) {
      return Optional.empty();
    }
    byte[] data = Arrays.copyOfRange(apdu, 5, Math.min(apdu.length, 5 + p3));
    if (apdu.length == 5 + p3) {
      return Optional.of(new Capdu(cla, ins, p1, p2, data, -1));
    }
    if (apdu.length == 6 + p3) {
      return Optional.of(new Capdu(cla, ins, p1, p2, data, apdu[apdu.length - 1] & 0xFF));
    }
    return Optional.empty();
  }

  /** An answer: data followed by the status word. */
  static byte[] answer(byte[] data, int sw) {
    byte[] out = Arrays.copyOf(data, data.length + 2);
    out[data.length] = (byte) (sw >> 8);
    out[data.length + 1] = (byte) sw;
    return out;
  }

  static byte[] status(int sw) {
    return answer(new byte[0], sw);
  }

  /**
   * Answers a read of {@code content} under this command's Le the way T=1 cards do: Le 00 or the
   * exact length returns everything, a shorter Le the first bytes, a longer Le 6Cxx with the real
   * length, a missing Le 6700.
   */
  byte[] read(byte[] content) {
    if (le < 0) {
      return status(0x6700);
    }
    int wanted = le == 0 ? 256 : le;
    if (wanted > content.length && le != 0) {
      return status(0x6C00 | content.length);
    }
    return answer(Arrays.copyOf(content, Math.min(wanted, content.length)), 0x9000);
  }
}
