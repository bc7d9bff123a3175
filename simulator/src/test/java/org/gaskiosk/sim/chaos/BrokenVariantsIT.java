package org.gaskiosk.sim.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proof that the checkers bite: each test swaps one kiosk part for a deliberately broken one and
 * runs the ordinary campaign; the campaign must report a violation within a bounded number of
 * sessions, naming the invariant it broke.
 */
class BrokenVariantsIT {
  private static final int BOUND = 150;

  @BeforeAll
  static void quiet() {
    ChaosMain.quietLogs();
  }

  @Test
  void an_acceptor_that_acknowledges_a_note_before_the_journal_commits_it_is_caught()
      throws Exception {
    Campaign.Result r =
        caught(Variants.PRODUCTION.withAcceptor(BrokenParts::acknowledgesBeforeCommitting), 11);

    assertThat(String.join("\n", r.violations())).contains("cash box holds");
  }

  @Test
  void a_journal_that_forgets_a_credit_in_a_power_cut_is_caught() throws Exception {
    Campaign.Result r =
        caught(Variants.PRODUCTION.withAfterPowerCut(BrokenParts::forgetLastCredit), 12);

    // Whichever looks first: the cash box, or the central system that had counted the note.
    assertThat(String.join("\n", r.violations()))
        .containsAnyOf("cash box holds", "fen cash, journal");
  }

  @Test
  void an_uplink_that_acknowledges_events_the_central_never_committed_is_caught() throws Exception {
    Campaign.Result r =
        caught(Variants.PRODUCTION.withTransport(BrokenParts::acksBeforeTheCentralCommits), 13);

    assertThat(String.join("\n", r.violations())).contains("central");
  }

  @Test
  void a_card_writer_that_takes_a_torn_load_for_not_applied_is_caught() throws Exception {
    Campaign.Result r = caught(Variants.PRODUCTION.withReader(BrokenParts::forgetsTornLoads), 16);

    assertThat(String.join("\n", r.violations())).contains("differ from its loads");
  }

  @Test
  void a_kiosk_that_takes_a_late_paid_answer_for_cancelled_is_caught() throws Exception {
    Campaign.Result r =
        caught(Variants.PRODUCTION.withTransport(BrokenParts::dropsLatePaidAnswers), 17);

    assertThat(String.join("\n", r.violations())).contains("the provider kept");
  }

  private static Campaign.Result caught(Variants broken, long seed) throws Exception {
    Campaign.Result r = Campaign.run(new Campaign.Options(seed, BOUND, 2, 0), broken, null);
    ChaosMain.print(r, 0, System.out);
    assertThat(r.passed()).as("the broken part went unnoticed for %d sessions", BOUND).isFalse();
    assertThat(r.sessions()).isLessThan(BOUND);
    return r;
  }
}
