package org.gaskiosk.sim.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A seed is a run: the same seed gives the same trace, step for step. */
class ChaosDeterminismTest {

  @BeforeAll
  static void quiet() {
    ChaosMain.quietLogs();
  }

  @Test
  void the_same_seed_replays_the_same_run_step_for_step() throws Exception {
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    Campaign.Options options = new Campaign.Options(4242, 25, 2, 0);

    Campaign.Result a = Campaign.run(options, Variants.PRODUCTION, first::add);
    Campaign.Result b = Campaign.run(options, Variants.PRODUCTION, second::add);

    assertThat(a.passed()).as("violations: %s", a.violations()).isTrue();
    assertThat(first).hasSizeGreaterThan(100);
    // QR payments with their paid notices pushed to the kiosks are part of what must replay.
    assertThat(a.qrPayments()).isPositive();
    assertThat(first).anyMatch(l -> l.contains("paid notice delivered"));
    assertThat(second).containsExactlyElementsOf(first);
    assertThat(b.traceDigest()).isEqualTo(a.traceDigest());
    assertThat(b.faults()).isEqualTo(a.faults());
    assertThat(b.checksPassed()).isEqualTo(a.checksPassed());
    assertThat(b.qrKept()).isEqualTo(a.qrKept());
  }

  @Test
  void another_seed_is_another_run() throws Exception {
    Campaign.Result a = Campaign.run(new Campaign.Options(1, 8, 2, 0), Variants.PRODUCTION, null);
    Campaign.Result b = Campaign.run(new Campaign.Options(2, 8, 2, 0), Variants.PRODUCTION, null);

    assertThat(b.traceDigest()).isNotEqualTo(a.traceDigest());
  }

  @Test
  void a_replay_stops_at_the_step_it_was_asked_for() throws Exception {
    List<String> full = new ArrayList<>();
    Campaign.run(new Campaign.Options(77, 6, 2, 0), Variants.PRODUCTION, full::add);
    List<String> replay = new ArrayList<>();

    Campaign.Result r =
        Campaign.run(new Campaign.Options(77, 6, 2, 20), Variants.PRODUCTION, replay::add);

    assertThat(r.replayStopped()).isTrue();
    assertThat(r.steps()).isEqualTo(20);
    int end =
        full.indexOf(full.stream().filter(l -> l.startsWith("#21 ")).findFirst().orElseThrow());
    assertThat(replay).startsWith(full.subList(0, end).toArray(String[]::new));
  }
}
