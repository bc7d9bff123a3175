package org.gaskiosk.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.core.journal.CrashPoint;
import org.gaskiosk.core.journal.Txn;
import org.gaskiosk.core.journal.TxnState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cuts the power at every journal commit (before and after) and around every card command of a cash
 * purchase, then starts a fresh controller over the same journal file and the same card, and checks
 * the invariants of shared/design/architecture.md: every fen received is on the card exactly once,
 * the card's sequence grew once per completed load, and nothing is left half-done once the card has
 * been seen again.
 */
class CrashEveryStepTest {
  @TempDir Path root;

  private static final class PowerCut extends Error {
    PowerCut(String at) {
      super("power cut at " + at, null, false, false);
    }
  }

  /**
   * Counts crash points (journal and card) and cuts the power at number {@code cutAt} (never if
   * -1).
   */
  private static final class Switch {
    final List<String> seen = new ArrayList<>();
    final AtomicInteger n = new AtomicInteger();
    final int cutAt;

    Switch(int cutAt) {
      this.cutAt = cutAt;
    }

    void reached(String point) {
      seen.add(point);
      if (n.getAndIncrement() == cutAt) {
        throw new PowerCut(point);
      }
    }
  }

  private static List<String> recordPoints(Path folder) {
    Switch s = new Switch(-1);
    FakePurse card = new FakePurse("3100000000000001", CardUnit.FEN, 1200);
    card.hook = (ins, phase) -> s.reached(String.format("card:%02X:%s", ins, phase));
    try (EngineHarness k = new EngineHarness(folder, card, new FakeCentral(), s::reached).start()) {
      purchase(k);
    }
    return s.seen;
  }

  static Stream<Arguments> crashPoints() throws Exception {
    Path tmp = Files.createTempDirectory("record");
    List<String> points = recordPoints(tmp);
    return IntStream.range(0, points.size()).mapToObj(i -> Arguments.of(i, points.get(i)));
  }

  private static void purchase(EngineHarness k) {
    k.card.inserted = true;
    k.awaitScreen("account");
    k.done("start-purchase", Map.of());
    k.done("set-amount", Map.of("amount", 5000L));
    k.done("choose-payment", Map.of("method", "cash"));
    k.acceptor.insert(2000);
    k.acceptor.insert(2000);
    k.acceptor.insert(1000);
    k.done("finish-cash", Map.of());
  }

  @ParameterizedTest(name = "power cut at #{0} {1}")
  @MethodSource("crashPoints")
  void a_power_cut_at_any_step_loses_no_money_and_loads_nothing_twice(int index, String point) {
    Path folder = root.resolve("k" + index);
    FakePurse card = new FakePurse("3100000000000001", CardUnit.FEN, 1200);
    FakeCentral central = new FakeCentral();
    Switch s = new Switch(index);
    card.hook = (ins, phase) -> s.reached(String.format("card:%02X:%s", ins, phase));
    EngineHarness crashed = new EngineHarness(folder, card, central, s::reached).start();
    try {
      purchase(crashed);
    } catch (RuntimeException | AssertionError expected) {
      // the controller died mid-purchase: that is the point
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> !crashed.engine.isRunning());
    assertThat(crashed.engine.crash()).as("the power cut happened").isInstanceOf(PowerCut.class);
    crashed.powerCut();
    card.hook = (ins, phase) -> {};

    try (EngineHarness restarted = new EngineHarness(folder, card, central, CrashPoint.NONE)) {
      restarted.start();
      card.inserted = true; // the resident (or the card still in the slot) is seen again
      restarted.awaitScreen("account");
      assertInvariants(restarted, card, 1200);
    }
  }

  @ParameterizedTest(name = "card pulled during INS {0} {1} apply")
  @org.junit.jupiter.params.provider.CsvSource({"80,before", "80,after", "82,before", "82,after"})
  void a_card_pulled_during_a_load_command_is_loaded_exactly_once_at_reinsertion(
      int insDecimal, String when) {
    FakePurse card = new FakePurse("3100000000000001", CardUnit.FEN, 1200);
    card.tearIns = insDecimal;
    card.tearWhen = when;
    try (EngineHarness k =
        new EngineHarness(root.resolve("tear"), card, new FakeCentral(), CrashPoint.NONE).start()) {
      card.inserted = true;
      k.awaitScreen("account");
      k.done("start-purchase", Map.of());
      k.done("set-amount", Map.of("amount", 5000L));
      k.done("choose-payment", Map.of("method", "cash"));
      k.acceptor.insert(5000);
      KioskView pending = k.done("finish-cash", Map.of());
      assertThat(pending.screen()).isEqualTo("pending");
      assertThat(pending.data()).containsEntry("paid", 5000L);

      card.inserted = true;
      k.awaitScreen("account");
      assertInvariants(k, card, 1200);
      assertThat(card.balance).isEqualTo(6200);
    }
  }

  @Test
  void the_matrix_covers_every_journal_transition_and_every_card_write() throws Exception {
    List<String> points = recordPoints(Files.createTempDirectory("record"));
    assertThat(points)
        .contains(
            "before-commit:CREATED",
            "after-commit:QUOTED",
            "after-commit:PAYING",
            "after-commit:PAID",
            "after-commit:AUTHORIZED",
            "after-commit:WRITING",
            "card:52:before",
            "card:52:after",
            "after-commit:LOADED",
            "after-commit:COMPLETED");
  }

  static void assertInvariants(EngineHarness k, FakePurse card, long initialBalance) {
    List<Txn> all = k.journal.all();
    assertThat(all)
        .as("nothing half-done once the card was seen again")
        .allSatisfy(t -> assertThat(t.state()).isIn(TxnState.COMPLETED, TxnState.CANCELLED));
    long received = all.stream().mapToLong(Txn::paid).sum();
    long loaded =
        all.stream().filter(t -> t.state() == TxnState.COMPLETED).mapToLong(Txn::money).sum();
    long completed = all.stream().filter(t -> t.state() == TxnState.COMPLETED).count();
    assertThat(loaded).as("money received is on the card").isEqualTo(received);
    assertThat(card.balance)
        .as("card grew by exactly its loads")
        .isEqualTo(initialBalance + loaded);
    assertThat(card.sequence).as("sequence grew once per load").isEqualTo(completed);
    for (Txn t : all) {
      assertThat(k.journal.banknoteTotal(t.txnId())).isEqualTo(t.paid());
    }
  }
}
