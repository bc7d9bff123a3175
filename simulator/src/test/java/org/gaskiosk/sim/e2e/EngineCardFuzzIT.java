package org.gaskiosk.sim.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.gaskiosk.core.engine.KioskView;
import org.gaskiosk.core.journal.CrashPoint;
import org.gaskiosk.core.journal.Txn;
import org.gaskiosk.core.journal.TxnState;
import org.gaskiosk.hw.card.pboc.Hex;
import org.gaskiosk.sim.card.SimCardInfo;
import org.gaskiosk.sim.card.SimCardSlot;
import org.gaskiosk.sim.central.LedgerSnapshot;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Garbage from the card, fed through the whole controller: for each command a purchase sends
 * (opening: SELECT, READ BINARY, READ RECORD, GET BALANCE; load: INITIALIZE and CREDIT FOR LOAD;
 * evidence: GET TRANSACTION PROVE), seeded random, truncated, re-status-worded, lengthened and
 * bit-flipped answers. The engine must never crash, must show a clear outcome (the account, a
 * refusal or an error with its reason, or a pending credit with a reference), and once the card is
 * seen again the invariants of architecture.md hold across card, journal and central ledger: every
 * fen received is on the card exactly once, the card's sequence grew once per completed load.
 */
class EngineCardFuzzIT extends CentralWorldTestBase {
  private static final int ROUNDS = 6;

  @ParameterizedTest(name = "INS {0}")
  @ValueSource(ints = {0xA4, 0xB0, 0xB2, 0x5C, 0x50, 0x52, 0x5A})
  void garbage_from_the_card_never_crashes_the_kiosk_loses_no_money_and_loads_nothing_twice(int ins)
      throws Exception {
    String kioskId = String.format("FUZZ%02X", ins);
    Path folder = Files.createTempDirectory(root, kioskId);
    SimCardSlot slot = SimCardSlot.open(folder.resolve("cards"), keys);
    SimCardInfo initial = info(slot);
    Random random = new Random(ins);
    int spoiled = 0;
    try (RealKiosk k = new RealKiosk(kioskId, folder, slot, broker.uri(), CrashPoint.NONE)) {
      for (int round = 0; round < ROUNDS; round++) {
        Spoiler m = Spoiler.random(random);
        String as = "INS " + Integer.toHexString(ins) + " round " + round + ": " + m;
        if (ins == 0x5A) {
          // GET TRANSACTION PROVE runs when CREDIT FOR LOAD's answer was lost: tear the card right
          // after it applied the load, and spoil the proof asked for at the next insertion.
          slot.tearNext(0x52, SimCardSlot.When.AFTER_APPLY);
        } else {
          slot.corruptNext(ins, m);
        }
        slot.insert(CARD);
        KioskView first = awaitSettled(k);
        if (first.screen().equals("account")) {
          purchase(k, as);
        } else {
          spoiled++;
          assertClearFault(first, as);
        }
        assertThat(k.engine.isRunning()).as(as).isTrue();
        slot.remove();
        // A pending credit's reference stays on screen for the resident after the card left.
        await()
            .atMost(Duration.ofSeconds(15))
            .until(() -> List.of("idle", "pending").contains(k.engine.view().screen()));
        if (ins == 0x5A) {
          slot.corruptNext(0x5A, m);
        }
        // The next insertion finishes whatever the garbage left open (pending or uncertain loads).
        slot.insert(CARD);
        assertThat(awaitSettled(k).screen()).as(as).isEqualTo("account");
        slot.remove();
        k.awaitScreen("idle");
        assertInvariants(k, slot, initial, kioskId, as);
        spoiled += m.applied ? 1 : 0;
      }
    }
    assertThat(spoiled).as("the garbage reached the controller").isPositive();
  }

  private static void purchase(RealKiosk k, String as) {
    k.done("start-purchase", Map.of());
    k.done("set-amount", Map.of("amount", 1000L));
    k.done("choose-payment", Map.of("method", "cash"));
    k.acceptor.insert(1000, false);
    KioskView outcome = k.done("finish-cash", Map.of());
    assertThat(outcome.screen()).as(as).isIn("done", "pending");
    if (outcome.screen().equals("pending")) {
      assertThat(outcome.data().get("reference")).as(as).isNotNull();
      assertThat((String) outcome.data().get("reason")).as(as).isNotBlank();
    }
  }

  /** Waits until the insertion's outcome is on screen (not idle, reading or writing). */
  private static KioskView awaitSettled(RealKiosk k) {
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                !List.of("idle", "reading", "writing").contains(k.engine.view().screen())
                    || !k.engine.isRunning());
    assertThat(k.engine.isRunning()).as("engine crashed: %s", k.engine.crash()).isTrue();
    return k.engine.view();
  }

  private static void assertClearFault(KioskView v, String as) {
    assertThat(v.screen()).as(as).isIn("refused", "error", "pending");
    Map<String, Object> d = v.data();
    switch (v.screen()) {
      case "refused" -> {
        assertThat((String) d.get("reasonCode")).as(as).isNotBlank();
        assertThat((String) d.get("reasonText")).as(as).isNotBlank();
      }
      case "error" -> {
        assertThat((String) d.get("code")).as(as).isNotBlank();
        assertThat((String) d.get("message")).as(as).isNotBlank();
      }
      default -> assertThat(d.get("reference")).as(as).isNotNull();
    }
  }

  private static SimCardInfo info(SimCardSlot slot) {
    return slot.list().stream().filter(c -> c.cardNo().equals(CARD)).findFirst().orElseThrow();
  }

  private static void assertInvariants(
      RealKiosk k, SimCardSlot slot, SimCardInfo initial, String kioskId, String as) {
    List<Txn> all = k.journal.all();
    assertThat(all)
        .as(as)
        .allSatisfy(t -> assertThat(t.state()).isIn(TxnState.COMPLETED, TxnState.CANCELLED));
    long received = all.stream().mapToLong(Txn::paid).sum();
    List<Txn> completed = all.stream().filter(t -> t.state() == TxnState.COMPLETED).toList();
    long loaded = completed.stream().mapToLong(Txn::money).sum();
    SimCardInfo now = info(slot);
    assertThat(loaded).as(as + ": money received = value loaded").isEqualTo(received);
    assertThat(now.balance()).as(as + ": card value").isEqualTo(initial.balance() + loaded);
    assertThat(now.sequence())
        .as(as + ": card sequence")
        .isEqualTo(initial.sequence() + completed.size());
    await().atMost(Duration.ofSeconds(15)).until(() -> k.journal.outbox().depth() == 0);
    LedgerSnapshot ledger = central.ledger();
    for (Txn t : completed) {
      assertThat(ledger.loads()).as(as).containsKey(t.txnId());
    }
    long centralLoaded =
        ledger.loads().values().stream()
            .filter(l -> l.kioskId().equals(kioskId))
            .mapToLong(LedgerSnapshot.Load::money)
            .sum();
    assertThat(centralLoaded).as(as + ": central counts each load once").isEqualTo(loaded);
  }

  /** One seeded way of spoiling an answer; {@link #applied} once it was used. */
  static final class Spoiler implements java.util.function.UnaryOperator<byte[]> {
    private final String kind;
    private final Random random;
    volatile boolean applied;
    private String last = "(not applied)";

    private Spoiler(String kind, Random random) {
      this.kind = kind;
      this.random = random;
    }

    static Spoiler random(Random random) {
      String[] kinds = {"random", "truncate", "status-word", "extra-byte", "flip", "empty"};
      return new Spoiler(kinds[random.nextInt(kinds.length)], new Random(random.nextLong()));
    }

    @Override
    public byte[] apply(byte[] answer) {
      byte[] out =
          switch (kind) {
            case "random" -> bytes(random.nextInt(41));
            case "truncate" -> java.util.Arrays.copyOf(answer, random.nextInt(answer.length));
            case "empty" -> new byte[0];
            case "status-word" -> {
              byte[] o = answer.clone();
              o[o.length - 2] = (byte) random.nextInt(256);
              o[o.length - 1] = (byte) random.nextInt(256);
              yield o;
            }
            case "extra-byte" -> {
              byte[] o = java.util.Arrays.copyOf(answer, answer.length + 1);
              o[answer.length] = o[answer.length - 1];
              o[answer.length - 1] = o[answer.length - 2];
              o[answer.length - 2] = (byte) random.nextInt(256);
              yield o;
            }
            default -> {
              byte[] o = answer.clone();
              if (o.length > 2) {
                o[random.nextInt(o.length - 2)] ^= (byte) (1 << random.nextInt(8));
              }
              yield o;
            }
          };
      applied = true;
      last = Hex.encode(answer) + " -> " + Hex.encode(out);
      return out;
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
