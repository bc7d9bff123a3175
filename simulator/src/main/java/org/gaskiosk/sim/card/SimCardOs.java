package org.gaskiosk.sim.card;

import static org.gaskiosk.sim.card.Capdu.status;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.gaskiosk.hw.card.PurseCommands;
import org.gaskiosk.hw.card.StatusWords;
import org.gaskiosk.hw.card.pboc.Hex;

/**
 * Picks the behaviour for each kind of image: the purse card OS, the SLE4442 memory (reads only,
 * through ACR38-style {@code FF} pseudo-APDUs), or a card that is not ours.
 */
final class SimCardOs {
  private final PurseCardOs purse;

  SimCardOs(IssuerKeys keys, RandomGenerator random) {
    this.purse = new PurseCardOs(keys, random);
  }

  /** The answer to reset; empty for a mute card. */
  static byte[] atr(SimCardImage image) {
    if (image instanceof PurseImage) {
      return PurseCardOs.ATR.clone();
    } else if (image instanceof MemoryImage m) {
      return Arrays.copyOf(m.bytes(), 4);
    } else {
      return Hex.decode(((OtherCardImage) image).atr());
    }
  }

  CardStep execute(SimCardImage image, CardRam ram, byte[] apdu) {
    if (image instanceof PurseImage p) {
      return purse.execute(p, ram, apdu);
    } else if (image instanceof MemoryImage m) {
      return memory(m, ram, apdu);
    } else {
      return CardStep.unchanged(image, ram, foreign(apdu));
    }
  }

  /**
   * SLE4442 through an ACR38-style reader: select card type {@code FF A4 00 00 01 06}, read {@code
   * FF B0 00 addr len}, read the error counter {@code FF B1 00 00 04}, present the PSC {@code FF 20
   * 00 00 03 psc} (answer {@code 90 0x}: x = the counter bits left, 07 = accepted), write {@code FF
   * D0 00 addr len data} (or {@code FF D6}) and change the PSC {@code FF D2 00 01 03 psc}, both
   * only after an accepted PSC in this power session (else 6982).
   */
  private static CardStep memory(MemoryImage m, CardRam ram, byte[] bytes) {
    Capdu c = Capdu.parse(bytes).orElse(null);
    if (c == null) {
      return CardStep.unchanged(m, ram, status(StatusWords.WRONG_LENGTH));
    }
    if (c.cla() != 0xFF) {
      return CardStep.unchanged(m, ram, status(StatusWords.CLA_NOT_SUPPORTED));
    }
    return switch (c.ins()) {
      case 0xA4 ->
          CardStep.unchanged(
              m,
              ram,
              c.data().length == 1 && c.data()[0] == 0x06
                  ? status(StatusWords.OK)
                  : status(StatusWords.WRONG_DATA));
      case 0xB0 -> CardStep.unchanged(m, ram, read(m, c));
      case 0xB1 -> {
        byte[] psc = ram.pscVerified() ? Hex.decode(m.psc()) : new byte[3];
        byte[] out = {counterBits(m.pscTriesLeft()), psc[0], psc[1], psc[2]};
        yield CardStep.unchanged(m, ram, Capdu.answer(out, StatusWords.OK));
      }
      case 0x20 -> presentPsc(m, ram, c);
      case 0xD0, 0xD6 -> write(m, ram, c);
      case 0xD2 -> {
        if (c.p2() != 0x01 || c.data().length != 3) {
          yield CardStep.unchanged(m, ram, status(StatusWords.WRONG_LENGTH));
        }
        if (!ram.pscVerified()) {
          yield CardStep.unchanged(m, ram, status(StatusWords.SECURITY_STATUS));
        }
        yield new CardStep(m.withPsc(Hex.encode(c.data())), ram, status(StatusWords.OK));
      }
      default -> CardStep.unchanged(m, ram, status(StatusWords.INS_NOT_SUPPORTED));
    };
  }

  private static byte[] read(MemoryImage m, Capdu c) {
    int address = c.p2();
    int length = c.le() <= 0 ? MemoryImage.SIZE - address : c.le();
    if (c.p1() != 0 || address + length > MemoryImage.SIZE) {
      return status(StatusWords.WRONG_P1P2);
    }
    return Capdu.answer(Arrays.copyOfRange(m.bytes(), address, address + length), StatusWords.OK);
  }

  /**
   * Like the chip: a try is spent before comparing, and given back only if the PSC was right. A
   * locked card compares nothing and answers 90 00.
   */
  private static CardStep presentPsc(MemoryImage m, CardRam ram, Capdu c) {
    if (c.data().length != 3) {
      return CardStep.unchanged(m, ram, status(StatusWords.WRONG_LENGTH));
    }
    if (m.locked()) {
      return CardStep.unchanged(m, ram.withPscVerified(false), status(0x9000));
    }
    boolean right = Arrays.equals(c.data(), Hex.decode(m.psc()));
    int left = right ? 3 : m.pscTriesLeft() - 1;
    return new CardStep(
        m.withTriesLeft(left), ram.withPscVerified(right), status(0x9000 | counterBits(left)));
  }

  private static CardStep write(MemoryImage m, CardRam ram, Capdu c) {
    int address = c.p2();
    byte[] data = c.data();
    if (c.p1() != 0 || data.length == 0 || address + data.length > MemoryImage.SIZE) {
      return CardStep.unchanged(m, ram, status(StatusWords.WRONG_P1P2));
    }
    if (!ram.pscVerified() || address < MemoryImage.PROTECTED_UP_TO) {
      return CardStep.unchanged(m, ram, status(StatusWords.SECURITY_STATUS));
    }
    return new CardStep(m.written(address, data), ram, status(StatusWords.OK));
  }

  /** Error counter bits: one bit per try left (07, 03, 01, 00). */
  private static byte counterBits(int triesLeft) {
    return (byte) ((1 << triesLeft) - 1);
  }

  /** A processor card of someone else: it has no application we could select. */
  private static byte[] foreign(byte[] bytes) {
    Capdu c = Capdu.parse(bytes).orElse(null);
    if (c == null) {
      return status(StatusWords.WRONG_LENGTH);
    }
    if (c.ins() == PurseCommands.INS_SELECT) {
      return status(StatusWords.FILE_NOT_FOUND);
    }
    return status(c.cla() == 0x00 ? StatusWords.CONDITIONS_OF_USE : StatusWords.CLA_NOT_SUPPORTED);
  }
}
