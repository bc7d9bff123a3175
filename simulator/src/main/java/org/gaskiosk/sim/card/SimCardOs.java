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
      return CardStep.unchanged(image, ram, memory(m, apdu));
    } else {
      return CardStep.unchanged(image, ram, foreign(apdu));
    }
  }

  /**
   * SLE4442 through an ACR38-style reader: select card type {@code FF A4 00 00 01 06} and read
   * {@code FF B0 00 addr len}. PSC verification and writes come with the memory-card issue; until
   * then they are answered 6D00.
   */
  private static byte[] memory(MemoryImage m, byte[] bytes) {
    Capdu c = Capdu.parse(bytes).orElse(null);
    if (c == null) {
      return status(StatusWords.WRONG_LENGTH);
    }
    if (c.cla() != 0xFF) {
      return status(StatusWords.CLA_NOT_SUPPORTED);
    }
    if (c.ins() == 0xA4) {
      return c.data().length == 1 && c.data()[0] == 0x06
          ? status(StatusWords.OK)
          : status(StatusWords.WRONG_DATA);
    }
    if (c.ins() == 0xB0) {
      int address = c.p2();
      int length = c.le() <= 0 ? MemoryImage.SIZE - address : c.le();
      if (c.p1() != 0 || address + length > MemoryImage.SIZE) {
        return status(StatusWords.WRONG_P1P2);
      }
      return Capdu.answer(Arrays.copyOfRange(m.bytes(), address, address + length), StatusWords.OK);
    }
    return status(StatusWords.INS_NOT_SUPPORTED);
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
