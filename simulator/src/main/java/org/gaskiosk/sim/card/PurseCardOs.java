package org.gaskiosk.sim.card;

import static org.gaskiosk.sim.card.Capdu.answer;
import static org.gaskiosk.sim.card.Capdu.status;

import java.io.ByteArrayOutputStream;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.gaskiosk.hw.card.Bcd;
import org.gaskiosk.hw.card.PurseCommands;
import org.gaskiosk.hw.card.PurseProfile;
import org.gaskiosk.hw.card.StatusWords;
import org.gaskiosk.hw.card.pboc.Hex;
import org.gaskiosk.hw.card.pboc.LoadMacs;
import org.gaskiosk.hw.card.pboc.PbocAlgorithm;
import org.gaskiosk.hw.card.pboc.PbocCrypto;
import org.gaskiosk.sim.card.CardRam.PendingLoad;
import org.gaskiosk.sim.card.PurseImage.LogRecord;
import org.gaskiosk.sim.card.PurseImage.Proof;

/**
 * The card operating system of a simulated purse card: executes one APDU against an image with the
 * real 3DES arithmetic. Pure: it returns the next image, RAM and answer and writes nothing, so the
 * slot can persist the new image before the answer leaves the card.
 */
final class PurseCardOs {
  /**
   * Key version reported by INITIALIZE FOR LOAD; the algorithm id next to it is the card image's
   * (00 3DES, 04 SM4).
   */
  static final int KEY_VERSION = 0x01;

  private static final byte[] FCI =
      concat(new byte[] {0x6F, 0x0B, (byte) 0x84, 0x09}, PurseProfile.AID);

  private final IssuerKeys keys;
  private final RandomGenerator random;

  PurseCardOs(IssuerKeys keys, RandomGenerator random) {
    this.keys = keys;
    this.random = random;
  }

  /**
   * An ISO 7816-3 ATR of a processor card (TS 3B, 11 historical bytes). It has no TD1 byte, so it
   * offers T=0 only: pcscd negotiates T=0 and SunPCSC then drops the Le of case-4 commands.
   */
  static final byte[] ATR = Hex.decode("3B6B00008065B08301047483009000");

  CardStep execute(PurseImage card, CardRam ram, byte[] bytes) {
    Capdu c = Capdu.parse(bytes).orElse(null);
    if (c == null) {
      return CardStep.unchanged(card, ram, status(StatusWords.WRONG_LENGTH));
    }
    if (c.cla() == 0x00 && c.ins() == PurseCommands.INS_SELECT) {
      return select(card, ram, c);
    }
    if (c.cla() != 0x00 && c.cla() != 0x80) {
      return CardStep.unchanged(card, ram, status(StatusWords.CLA_NOT_SUPPORTED));
    }
    if (!ram.selected()) {
      return CardStep.unchanged(card, ram, status(StatusWords.CONDITIONS_OF_USE));
    }
    boolean purseCommand = c.cla() == 0x80;
    if (purseCommand && (card.locked() || card.type().isTool())) {
      // A locked application or a tool card carries no purse a kiosk may touch.
      int sw = card.locked() ? StatusWords.APPLICATION_LOCKED : StatusWords.CONDITIONS_OF_USE;
      return CardStep.unchanged(card, ram, status(sw));
    }
    int key = c.cla() << 8 | c.ins();
    return switch (key) {
      case PurseCommands.INS_READ_BINARY -> CardStep.unchanged(card, ram, readBinary(card, c));
      case PurseCommands.INS_READ_RECORD -> CardStep.unchanged(card, ram, readRecord(card, c));
      case PurseCommands.INS_GET_RESPONSE ->
          CardStep.unchanged(card, ram, status(StatusWords.CONDITIONS_OF_USE));
      case 0x8000 | PurseCommands.INS_GET_BALANCE -> getBalance(card, ram, c);
      case 0x8000 | PurseCommands.INS_INITIALIZE_FOR_LOAD -> initializeForLoad(card, ram, c);
      case 0x8000 | PurseCommands.INS_CREDIT_FOR_LOAD -> creditForLoad(card, ram, c);
      case 0x8000 | PurseCommands.INS_GET_TRANSACTION_PROVE -> prove(card, ram, c);
      default -> CardStep.unchanged(card, ram, status(StatusWords.INS_NOT_SUPPORTED));
    };
  }

  private CardStep select(PurseImage card, CardRam ram, Capdu c) {
    if (c.p1() != 0x04) {
      return CardStep.unchanged(card, ram, status(StatusWords.WRONG_P1P2));
    }
    if (!Arrays.equals(c.data(), PurseProfile.AID)) {
      return CardStep.unchanged(card, ram.withSelected(false), status(StatusWords.FILE_NOT_FOUND));
    }
    return CardStep.unchanged(card, ram.withSelected(true), answer(FCI, StatusWords.OK));
  }

  private static byte[] readBinary(PurseImage card, Capdu c) {
    if ((c.p1() & 0x80) == 0) {
      return status(StatusWords.NO_CURRENT_EF);
    }
    if ((c.p1() & 0x1F) != PurseProfile.SFI_IDENTITY) {
      return status(StatusWords.FILE_NOT_FOUND);
    }
    byte[] file = identity(card);
    if (c.p2() >= file.length) {
      return status(StatusWords.WRONG_P1P2);
    }
    return c.read(Arrays.copyOfRange(file, c.p2(), file.length));
  }

  private static byte[] readRecord(PurseImage card, Capdu c) {
    if ((c.p2() & 0x07) != 0x04) {
      return status(StatusWords.WRONG_P1P2);
    }
    int sfi = c.p2() >> 3;
    int record = c.p1();
    if (sfi == PurseProfile.SFI_METER) {
      return record == 1 ? c.read(meterRecord(card.meter())) : status(StatusWords.RECORD_NOT_FOUND);
    }
    if (sfi == PurseProfile.SFI_LOG) {
      if (record < 1 || record > card.log().size()) {
        return status(StatusWords.RECORD_NOT_FOUND);
      }
      return c.read(logRecord(card.log().get(record - 1)));
    }
    return status(StatusWords.FILE_NOT_FOUND);
  }

  private static CardStep getBalance(PurseImage card, CardRam ram, Capdu c) {
    if (c.p1() != 0x00 || c.p2() != 0x02) {
      return CardStep.unchanged(card, ram, status(StatusWords.WRONG_P1P2));
    }
    return CardStep.unchanged(card, ram, c.read(PbocCrypto.u32(card.balance())));
  }

  private CardStep initializeForLoad(PurseImage card, CardRam ram, Capdu c) {
    if (c.p1() != 0x00 || c.p2() != 0x02) {
      return CardStep.unchanged(card, ram, status(StatusWords.WRONG_P1P2));
    }
    if (c.data().length != 11) {
      return CardStep.unchanged(card, ram, status(StatusWords.WRONG_LENGTH));
    }
    byte[] d = c.data();
    if ((d[0] & 0xFF) != PurseProfile.LOAD_KEY_INDEX) {
      return CardStep.unchanged(card, ram, status(StatusWords.KEY_INDEX_NOT_SUPPORTED));
    }
    long amount = u32(d, 1);
    byte[] terminal = Arrays.copyOfRange(d, 5, 11);
    if (amount == 0) {
      return CardStep.unchanged(card, ram, status(StatusWords.WRONG_DATA));
    }
    if (card.balance() + amount > card.balanceLimit()) {
      return CardStep.unchanged(card, ram, status(StatusWords.CONDITIONS_OF_USE));
    }
    if (card.onlineSequence() >= 0xFFFF) {
      return CardStep.unchanged(card, ram, status(StatusWords.COUNTER_AT_MAXIMUM));
    }
    byte[] rnd = new byte[4];
    random.nextBytes(rnd);
    int seq = card.onlineSequence();
    PbocAlgorithm alg = card.algorithm();
    byte[] seslk = LoadMacs.sessionLoadKey(alg, keys.loadKeyFor(card.cardNo()), rnd, seq);
    byte[] mac1 =
        LoadMacs.mac1(alg, seslk, card.balance(), amount, PbocCrypto.TYPE_PURSE, terminal);
    byte[] response =
        concat(
            PbocCrypto.u32(card.balance()),
            new byte[] {(byte) (seq >> 8), (byte) seq, KEY_VERSION, (byte) alg.id()},
            rnd,
            mac1);
    PendingLoad pending = new PendingLoad(amount, terminal, seq, mac1, seslk);
    return CardStep.unchanged(card, ram.withPending(pending), answer(response, StatusWords.OK));
  }

  private CardStep creditForLoad(PurseImage card, CardRam ram, Capdu c) {
    if (c.p1() != 0x00 || c.p2() != 0x00) {
      return CardStep.unchanged(card, ram, status(StatusWords.WRONG_P1P2));
    }
    if (c.data().length != 11) {
      return CardStep.unchanged(card, ram, status(StatusWords.WRONG_LENGTH));
    }
    PendingLoad p = ram.pending();
    if (p == null || p.sequence() != card.onlineSequence()) {
      // No INITIALIZE FOR LOAD in this power session: nothing to credit.
      return CardStep.unchanged(card, ram, status(StatusWords.CONDITIONS_OF_USE));
    }
    byte[] date = Arrays.copyOfRange(c.data(), 0, 4);
    byte[] time = Arrays.copyOfRange(c.data(), 4, 7);
    byte[] mac2 = Arrays.copyOfRange(c.data(), 7, 11);
    CardRam spent = ram.withPending(null);
    byte[] expected =
        LoadMacs.mac2(
            card.algorithm(),
            p.seslk(),
            p.amount(),
            PbocCrypto.TYPE_PURSE,
            p.terminal(),
            date,
            time);
    if (!Arrays.equals(expected, mac2)) {
      return CardStep.unchanged(card, spent, status(StatusWords.MAC2_INVALID));
    }
    if (Bcd.decodeDateTime(c.data(), 0).isEmpty()) {
      return CardStep.unchanged(card, spent, status(StatusWords.WRONG_DATA));
    }
    long newBalance = card.balance() + p.amount();
    byte[] tac =
        LoadMacs.tac(
            card.algorithm(),
            keys.tacKeyFor(card.cardNo()),
            newBalance,
            p.sequence(),
            p.amount(),
            PbocCrypto.TYPE_PURSE,
            p.terminal(),
            date,
            time);
    LogRecord record =
        new LogRecord(
            p.sequence(),
            p.amount(),
            PbocCrypto.TYPE_PURSE,
            Hex.encode(p.terminal()),
            Hex.encode(date),
            Hex.encode(time));
    Proof proof = new Proof(p.sequence(), Hex.encode(mac2), Hex.encode(tac));
    PurseImage loaded = card.loaded(p.amount(), record, proof);
    return new CardStep(loaded, spent, caseFour(c, tac));
  }

  /**
   * The answer to a command with data and an answer (ISO case 4). Under T=0 the reader drops the Le
   * (SunPCSC does so itself), and the card answers its data at once, as an APDU-level reader
   * delivers it; with an Le it answers under that Le.
   */
  private static byte[] caseFour(Capdu c, byte[] data) {
    return c.le() < 0 ? answer(data, StatusWords.OK) : c.read(data);
  }

  private static CardStep prove(PurseImage card, CardRam ram, Capdu c) {
    if (c.data().length != 2) {
      return CardStep.unchanged(card, ram, status(StatusWords.WRONG_LENGTH));
    }
    if (c.p2() != PbocCrypto.TYPE_PURSE) {
      return CardStep.unchanged(card, ram, status(StatusWords.WRONG_P1P2));
    }
    int seq = ((c.data()[0] & 0xFF) << 8) | (c.data()[1] & 0xFF);
    return card.proofs().stream()
        .filter(p -> p.sequence() == seq)
        .findFirst()
        .map(p -> CardStep.unchanged(card, ram, caseFour(c, Hex.decode(p.mac() + p.tac()))))
        .orElseGet(() -> CardStep.unchanged(card, ram, status(StatusWords.NO_TRANSACTION_PROOF)));
  }

  static byte[] identity(PurseImage card) {
    return concat(
        new byte[] {(byte) card.typeCode()},
        Bcd.encode(card.cardNo()),
        Bcd.encode(card.issuerId()),
        Bcd.date(LocalDate.parse(card.expiry())),
        new byte[] {
          (byte) (card.locked() ? PurseProfile.STATE_LOCKED : PurseProfile.STATE_ACTIVE)
        });
  }

  static byte[] meterRecord(PurseImage.Meter m) {
    byte[] lastUse = m.lastUse() == null ? new byte[4] : Bcd.date(LocalDate.parse(m.lastUse()));
    return concat(PbocCrypto.u32(m.remaining()), new byte[] {(byte) m.flags()}, lastUse);
  }

  static byte[] logRecord(LogRecord r) {
    return concat(
        new byte[] {(byte) (r.sequence() >> 8), (byte) r.sequence()},
        PbocCrypto.u32(r.amount()),
        new byte[] {(byte) r.type()},
        Hex.decode(r.terminal()),
        Hex.decode(r.date()),
        Hex.decode(r.time()));
  }

  private static long u32(byte[] d, int off) {
    return ((long) (d[off] & 0xFF) << 24)
        | ((d[off + 1] & 0xFF) << 16)
        | ((d[off + 2] & 0xFF) << 8)
        | (d[off + 3] & 0xFF);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
