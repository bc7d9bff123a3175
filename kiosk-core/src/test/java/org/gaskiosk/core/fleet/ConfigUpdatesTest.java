package org.gaskiosk.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigUpdatesTest {
  private static final String KIOSK = "K-001";

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-14T07:00:00Z"));
  private final CentralKeys central = new CentralKeys();
  private final RecordedEvents journal = new RecordedEvents();
  private final List<String> applied = new ArrayList<>();
  private boolean customerPresent;

  private ConfigUpdates updates() {
    return new ConfigUpdates(
        KIOSK,
        new SignedMessages(central.pair.getPublic()),
        dir.resolve("config.json"),
        this::apply,
        journal,
        () -> customerPresent,
        clock);
  }

  private String apply(long version, JsonNode config) {
    if (config.path("maxAmountFen").asLong() > 10_000_000) {
      return "maxAmountFen above 100000 yuan";
    }
    applied.add(version + ":" + config.path("maxAmountFen").asLong());
    return null;
  }

  private byte[] cfg(long version, long maxAmountFen) {
    return central.config(
        KIOSK, version, clock.instant(), "{\"maxAmountFen\":" + maxAmountFen + "}");
  }

  @Test
  void applies_a_newer_signed_configuration_only_between_transactions_and_reports_it() {
    ConfigUpdates updates = updates();
    customerPresent = true;
    updates.received(cfg(3, 50_000));
    updates.tick();
    assertThat(applied).isEmpty();

    customerPresent = false;
    updates.tick();
    assertThat(applied).containsExactly("3:50000");
    assertThat(updates.version()).isEqualTo(3);
    assertThat(journal.last("cfg.applied").body())
        .containsEntry("version", 3L)
        .containsEntry("source", "cfg");
  }

  @Test
  void takes_no_older_version_and_not_the_retained_copy_again_after_a_restart() {
    updates().received(cfg(3, 50_000));
    ConfigUpdates restarted = updates();
    restarted.reapplyAtStart();
    restarted.received(cfg(3, 50_000));
    restarted.received(cfg(2, 70_000));

    assertThat(applied).containsExactly("3:50000", "3:50000");
    assertThat(journal.types()).containsExactly("cfg.applied");
  }

  @Test
  void reports_a_configuration_the_kiosk_cannot_apply_once() {
    ConfigUpdates updates = updates();
    updates.received(cfg(4, 99_000_000));
    updates.received(cfg(4, 99_000_000));
    updates().received(cfg(4, 99_000_000));

    assertThat(applied).isEmpty();
    assertThat(journal.types()).containsExactly("cfg.rejected");
    assertThat(journal.last("cfg.rejected").body().get("reason").toString())
        .contains("100000 yuan");
  }

  @Test
  void refuses_a_configuration_signed_with_another_key_or_for_another_kiosk() {
    ConfigUpdates updates = updates();
    updates.received(new CentralKeys().config(KIOSK, 5, clock.instant(), "{}"));
    assertThat(journal.last("cfg.rejected").body().get("reason").toString())
        .startsWith("bad-signature");
    updates.received(central.config("K-002", 5, clock.instant(), "{}"));
    assertThat(journal.last("cfg.rejected").body().get("reason").toString())
        .startsWith("wrong-kiosk");
    assertThat(applied).isEmpty();
  }
}
