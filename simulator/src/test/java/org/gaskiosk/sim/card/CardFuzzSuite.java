package org.gaskiosk.sim.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gaskiosk.sim.card.CardBench.HOST_TIME;
import static org.gaskiosk.sim.card.CardBench.TERMINAL;

import java.util.Arrays;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.gaskiosk.core.port.CardOpening;
import org.gaskiosk.core.port.CardResult;
import org.gaskiosk.core.port.LoadInit;
import org.gaskiosk.core.port.PurseSession;
import org.gaskiosk.hw.card.pboc.Hex;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A card (or a reader) answering garbage: random bytes, truncated answers, random status words,
 * extra or flipped bytes, to each command. Every outcome is a value, never an exception. Seeded: a
 * failure names its seed and round.
 */
abstract class CardFuzzSuite extends CardSuiteBase {
  private static final int ROUNDS = 60;

  /**
   * Rounds per command. Every round inserts the card afresh, which through pcscd costs up to one
   * second of presence polling, so that transport runs fewer rounds of the same seeded sequence.
   */
  protected int rounds() {
    return ROUNDS;
  }

  @ParameterizedTest(name = "INS {0}")
  @ValueSource(ints = {0xA4, 0xB0, 0xB2, 0x5C})
  void garbage_while_opening_gives_a_value_never_an_exception(int ins) {
    Random random = new Random(ins);
    int notOpened = 0;
    for (int round = 0; round < rounds(); round++) {
      Mutation m = Mutation.random(random);
      bench.slot.corruptNext(ins, m);
      CardOpening opening = bench.insertAndOpen(MONEY);
      notOpened += opening instanceof CardOpening.Opened ? 0 : 1;
      String as = "seed " + ins + " round " + round + ": " + m;
      assertThat(opening)
          .as(as)
          .isInstanceOfAny(
              CardOpening.Opened.class, CardOpening.Refused.class, CardOpening.Failed.class);
      if (m.truncates) {
        assertThat(opening).as(as).isNotInstanceOf(CardOpening.Opened.class);
      }
      if (opening instanceof CardOpening.Opened opened) {
        opened.session().close();
      }
    }
    assertThat(notOpened).as("the garbage reached the reader").isGreaterThan(rounds() / 2);
  }

  @ParameterizedTest(name = "INS {0}")
  @ValueSource(ints = {0x50, 0x52, 0x5C, 0x5A, 0xB2})
  void garbage_during_a_session_gives_a_value_never_an_exception(int ins) {
    try (PurseSession first = bench.openPurse(MONEY)) {
      load(first, 100); // a log record and a proof for READ RECORD and GET TRANSACTION PROVE
    }
    Random random = new Random(ins);
    int notOk = 0;
    for (int round = 0; round < rounds(); round++) {
      Mutation m = Mutation.random(random);
      try (PurseSession session = bench.openPurse(MONEY)) {
        bench.slot.corruptNext(ins, m);
        CardResult<?> result = command(session, ins);
        notOk += result.isOk() ? 0 : 1;
        String as = "seed " + ins + " round " + round + ": " + m;
        assertThat(result)
            .as(as)
            .isInstanceOfAny(
                CardResult.Ok.class, CardResult.Refused.class, CardResult.Failed.class);
        if (m.truncates) {
          assertThat(result).as(as).isNotInstanceOf(CardResult.Ok.class);
        }
      }
    }
    assertThat(notOk).as("the garbage reached the reader").isGreaterThan(rounds() / 2);
  }

  private CardResult<?> command(PurseSession session, int ins) {
    return switch (ins) {
      case 0x50 -> session.initializeForLoad(1, TERMINAL);
      case 0x52 -> {
        LoadInit init = session.initializeForLoad(1, TERMINAL).value();
        yield session.creditForLoad(HOST_TIME, bench.mac2(MONEY, init, 1, HOST_TIME));
      }
      case 0x5C -> session.balance();
      case 0x5A -> session.transactionProve(0);
      case 0xB2 -> session.readLog();
      default -> throw new IllegalArgumentException("no command for INS " + ins);
    };
  }

  /** One way of spoiling an answer. */
  static final class Mutation implements UnaryOperator<byte[]> {
    final String kind;
    final boolean truncates;
    private final Random random;

    private Mutation(String kind, boolean truncates, Random random) {
      this.kind = kind;
      this.truncates = truncates;
      this.random = random;
    }

    static Mutation random(Random random) {
      String[] kinds = {"random", "truncate", "status-word", "extra-byte", "flip"};
      String kind = kinds[random.nextInt(kinds.length)];
      return new Mutation(kind, kind.equals("truncate"), new Random(random.nextLong()));
    }

    private String last = "(not applied)";

    @Override
    public byte[] apply(byte[] answer) {
      byte[] out = spoil(answer);
      last = Hex.encode(answer) + " -> " + Hex.encode(out);
      return out;
    }

    private byte[] spoil(byte[] answer) {
      return switch (kind) {
        case "random" -> bytes(random.nextInt(41));
        case "truncate" -> Arrays.copyOf(answer, random.nextInt(answer.length));
        case "status-word" -> {
          byte[] out = answer.clone();
          out[out.length - 2] = (byte) random.nextInt(256);
          out[out.length - 1] = (byte) random.nextInt(256);
          yield out;
        }
        case "extra-byte" -> {
          byte[] out = new byte[answer.length + 1];
          System.arraycopy(answer, 0, out, 0, answer.length - 2);
          out[answer.length - 2] = (byte) random.nextInt(256);
          System.arraycopy(answer, answer.length - 2, out, answer.length - 1, 2);
          yield out;
        }
        default -> {
          byte[] out = answer.clone();
          if (out.length > 2) {
            out[random.nextInt(out.length - 2)] ^= (byte) (1 << random.nextInt(8));
          }
          yield out;
        }
      };
    }

    private byte[] bytes(int n) {
      byte[] b = new byte[n];
      random.nextBytes(b);
      return b;
    }

    @Override
    public String toString() {
      return kind + ": " + last;
    }
  }
}
