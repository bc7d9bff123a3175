package org.gaskiosk.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.gaskiosk.core.fleet.TelemetryBacklog.Outcome;
import org.gaskiosk.core.journal.PendingEvent;
import org.junit.jupiter.api.Test;

class TelemetryBacklogTest {
  private static final Duration INTERVAL = Duration.ofSeconds(60);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-14T07:00:00Z"));
  private final RecordedEvents journal = new RecordedEvents();

  private ObjectNode sample() {
    ObjectNode n = JsonFile.JSON.createObjectNode();
    n.put("schema", Telemetry.SCHEMA);
    n.put("ts", clock.instant().toString());
    return n;
  }

  private static long dropped(PendingEvent e) {
    return ((Number) e.body().get("droppedSamples")).longValue();
  }

  @Test
  void journals_each_sample_the_link_could_not_take_as_a_tele_sample_with_its_sampling_time() {
    TelemetryBacklog backlog = new TelemetryBacklog(journal, clock, 60);

    assertThat(backlog.undelivered(sample(), INTERVAL)).isEqualTo(Outcome.QUEUED);
    clock.advance(INTERVAL);
    assertThat(backlog.undelivered(sample(), INTERVAL)).isEqualTo(Outcome.QUEUED);

    assertThat(journal.types()).containsExactly("tele.sample", "tele.sample");
    assertThat(journal.events.get(0).body())
        .containsEntry("schema", "tele/1")
        .containsEntry("ts", "2026-03-14T07:00:00Z");
    assertThat(dropped(journal.events.get(0))).isZero();
    assertThat(journal.events.get(1).body()).containsEntry("ts", "2026-03-14T07:01:00Z");
  }

  @Test
  void live_telemetry_journals_nothing() {
    TelemetryBacklog backlog = new TelemetryBacklog(journal, clock, 60);

    assertThat(backlog.delivered(sample())).isFalse();
    clock.advance(INTERVAL);
    assertThat(backlog.delivered(sample())).isFalse();

    assertThat(journal.events).isEmpty();
  }

  @Test
  void keeps_at_most_one_sample_per_interval_and_reports_the_thinned_ones_in_the_next() {
    TelemetryBacklog backlog = new TelemetryBacklog(journal, clock, 60);
    backlog.undelivered(sample(), INTERVAL);

    clock.advance(Duration.ofSeconds(5)); // an interval change fires early
    assertThat(backlog.undelivered(sample(), INTERVAL)).isEqualTo(Outcome.THINNED);
    clock.advance(Duration.ofSeconds(24));
    assertThat(backlog.undelivered(sample(), INTERVAL)).isEqualTo(Outcome.THINNED);
    clock.advance(Duration.ofSeconds(1)); // half an interval after the queued one: jitter allowed
    assertThat(backlog.undelivered(sample(), INTERVAL)).isEqualTo(Outcome.QUEUED);

    assertThat(journal.events).hasSize(2);
    assertThat(dropped(journal.events.get(1))).isEqualTo(2);
  }

  @Test
  void stops_at_the_outage_quota_and_a_closing_sample_says_how_many_were_dropped() {
    TelemetryBacklog backlog = new TelemetryBacklog(journal, clock, 3);
    for (int i = 0; i < 10; i++) {
      backlog.undelivered(sample(), INTERVAL);
      clock.advance(INTERVAL);
    }
    assertThat(journal.events).hasSize(3);
    assertThat(backlog.dropped()).isEqualTo(7);

    assertThat(backlog.delivered(sample())).as("a closing sample").isTrue();

    List<PendingEvent> events = journal.events;
    assertThat(events).hasSize(4);
    assertThat(events.get(3).body()).containsEntry("ts", "2026-03-14T07:10:00Z");
    assertThat(dropped(events.get(3))).isEqualTo(7);
    assertThat(backlog.dropped()).isZero();
  }

  @Test
  void a_new_outage_gets_a_fresh_quota() {
    TelemetryBacklog backlog = new TelemetryBacklog(journal, clock, 2);
    for (int i = 0; i < 2; i++) {
      backlog.undelivered(sample(), INTERVAL);
      clock.advance(INTERVAL);
    }
    assertThat(backlog.undelivered(sample(), INTERVAL)).isEqualTo(Outcome.DROPPED);
    clock.advance(INTERVAL);
    backlog.delivered(sample()); // closing sample: 1 dropped
    clock.advance(INTERVAL);

    assertThat(backlog.undelivered(sample(), INTERVAL)).isEqualTo(Outcome.QUEUED);
    clock.advance(INTERVAL);
    assertThat(backlog.undelivered(sample(), INTERVAL)).isEqualTo(Outcome.QUEUED);
    assertThat(journal.events).hasSize(5);
    assertThat(dropped(journal.events.get(2))).isEqualTo(1);
    assertThat(dropped(journal.events.get(4))).isZero();
  }

  @Test
  void an_outage_without_drops_closes_without_an_extra_sample() {
    TelemetryBacklog backlog = new TelemetryBacklog(journal, clock, 60);
    backlog.undelivered(sample(), INTERVAL);
    clock.advance(INTERVAL);

    assertThat(backlog.delivered(sample())).isFalse();
    assertThat(journal.events).hasSize(1);
  }

  @Test
  void a_sample_the_journal_could_not_take_uses_no_quota() {
    TelemetryBacklog backlog = new TelemetryBacklog(journal, clock, 1);
    journal.failing = true;
    assertThatThrownBy(() -> backlog.undelivered(sample(), INTERVAL))
        .isInstanceOf(IllegalStateException.class);
    journal.failing = false;

    clock.advance(INTERVAL);
    assertThat(backlog.undelivered(sample(), INTERVAL)).isEqualTo(Outcome.QUEUED);
  }
}
