package org.gaskiosk.sim.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The campaigns every build runs: a fixed seed, so a change that breaks an invariant on a known
 * path fails the same way every time, and a random seed, printed, so over many builds the campaign
 * explores further (a failure names the seed and the step that replays it).
 */
class ChaosCampaignIT {

  @BeforeAll
  static void quiet() {
    ChaosMain.quietLogs();
  }

  @Test
  void a_fixed_seed_campaign_of_two_hundred_sessions_keeps_every_money_invariant()
      throws Exception {
    Campaign.Result r =
        Campaign.run(new Campaign.Options(20260301, 200, 2, 0), Variants.PRODUCTION, null);

    ChaosMain.print(r, 0, System.out);
    assertThat(r.violations())
        .as("replay with --seed %d --replay-to %d", r.seed(), r.violationStep())
        .isEmpty();
    assertThat(r.sessions()).isEqualTo(200);
    assertThat(r.checksPassed()).isGreaterThan(10_000);
    // The seed is fixed, so the faults it injects are too: every kind must have been exercised.
    assertThat(r.faults()).allSatisfy((kind, n) -> assertThat(n).as(kind).isPositive());
  }

  @Test
  void a_random_seed_campaign_keeps_every_money_invariant() throws Exception {
    long seed = new SecureRandom().nextLong() & Long.MAX_VALUE;
    System.out.println("random chaos seed: " + seed);

    Campaign.Result r =
        Campaign.run(new Campaign.Options(seed, 100, 2, 0), Variants.PRODUCTION, null);

    ChaosMain.print(r, 0, System.out);
    assertThat(r.violations())
        .as(
            "seed %d: replay with kiosk-demo chaos --seed %d --sessions 100 --replay-to %d",
            seed, seed, r.violationStep())
        .isEmpty();
  }
}
