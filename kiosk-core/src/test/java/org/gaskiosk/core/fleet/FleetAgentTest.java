package org.gaskiosk.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.gaskiosk.core.fleet.KioskMode.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetAgentTest {
  private static final String KIOSK = "K-001";
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-14T07:00:00Z"));
  private final CentralKeys central = new CentralKeys();
  private final RecordedEvents journal = new RecordedEvents();
  private final FakeLink link = new FakeLink();
  private final FakeEngine engine = new FakeEngine();
  private FleetAgent agent;

  @AfterEach
  void close() {
    if (agent != null) {
      agent.close();
    }
  }

  private FleetAgent started(Path thermal) {
    agent =
        new FleetAgent(
            FleetConfig.defaults(KIOSK, dir, central.pair.getPublic())
                .withTelemetryInterval(Duration.ofMillis(200))
                .withIdleCheckInterval(Duration.ofMillis(20)),
            clock,
            "boot-1",
            link,
            engine,
            journal,
            (version, config) -> null,
            new TelemetrySources(
                () -> Map.of("bill-acceptor", "idle", "printer", "paper-low"),
                () -> new TelemetrySources.CashBox(12, 56_000),
                dir,
                thermal),
            Map.of());
    agent.start();
    return agent;
  }

  @Test
  void tells_the_engine_and_the_presence_the_mode_at_start_and_on_every_change() {
    FleetAgent agent = started(dir.resolve("no-thermal"));
    await().atMost(WAIT).until(() -> engine.modes.size() == 1);
    assertThat(engine.modes.get(0)).isEqualTo(KioskMode.IN_SERVICE);
    assertThat(link.presence).containsExactly("in-service:");

    agent.faults().raise("card-reader", "no-reader", Severity.CRITICAL, "Card reader unplugged");

    await().atMost(WAIT).until(() -> engine.modes.size() == 2);
    assertThat(engine.modes.get(1).kind()).isEqualTo(Kind.OUT_OF_SERVICE);
    assertThat(link.presence.get(1)).startsWith("out-of-service:card-reader no-reader");
  }

  @Test
  void a_signed_lock_waits_for_the_customer_then_locks_and_unlock_restores_service() {
    started(dir.resolve("no-thermal"));
    engine.midTransaction = true;
    link.deliver(
        "cmd/lock",
        central.command(KIOSK, "lock", "c-1", clock.instant(), WAIT, "{\"reason\":\"audit\"}"));
    await().atMost(WAIT).until(() -> journal.types().contains("cmd.result"));
    assertThat(journal.last("cmd.result").body()).containsEntry("status", "deferred");
    assertThat(agent.mode().serving()).isTrue();

    engine.midTransaction = false;
    await().atMost(WAIT).until(() -> agent.mode().kind() == Kind.LOCKED);
    await().atMost(WAIT).until(() -> engine.last().equals(new KioskMode(Kind.LOCKED, "audit")));

    link.deliver("cmd/unlock", central.command(KIOSK, "unlock", "c-2", clock.instant(), WAIT));
    await().atMost(WAIT).until(() -> engine.last().serving());
  }

  @Test
  void set_config_applies_a_signed_configuration_between_transactions() {
    started(dir.resolve("no-thermal"));
    link.deliver(
        "cmd/set-config",
        central.command(
            KIOSK,
            "set-config",
            "c-1",
            clock.instant(),
            WAIT,
            "{\"version\":7,\"config\":{\"maxAmountFen\":100000}}"));

    await().atMost(WAIT).until(() -> agent.configVersion() == 7);
    assertThat(agent.currentConfig().orElseThrow().get("maxAmountFen").asLong()).isEqualTo(100_000);
    // The version is visible before the command's result is journaled: wait for both events.
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(journal.types()).contains("cfg.applied", "cmd.result"));
  }

  @Test
  void publishes_telemetry_on_its_interval_with_health_devices_faults_and_link_state()
      throws Exception {
    Path thermal = dir.resolve("thermal");
    Files.createDirectories(thermal.resolve("thermal_zone0"));
    Files.createDirectories(thermal.resolve("thermal_zone1"));
    Files.writeString(thermal.resolve("thermal_zone0/temp"), "41000\n");
    Files.writeString(thermal.resolve("thermal_zone1/temp"), "47500\n");
    link.status = new FleetLink.Status(true, clock.instant(), 3);
    FleetAgent agent = started(thermal);
    agent.faults().raise("printer", "paper-low", Severity.WARNING, "Paper running low");
    clock.advance(Duration.ofSeconds(90));

    await().atMost(WAIT).until(() -> link.telemetry.size() >= 2);
    JsonNode t = CentralKeys.JSON.readTree(link.telemetry.get(link.telemetry.size() - 1));
    assertThat(t.get("schema").asText()).isEqualTo("tele/1");
    assertThat(t.get("bootId").asText()).isEqualTo("boot-1");
    assertThat(t.get("uptimeS").asLong()).isEqualTo(90);
    assertThat(t.at("/heap/maxBytes").asLong()).isPositive();
    assertThat(t.at("/disk/freeBytes").asLong()).isPositive();
    assertThat(t.get("cpuTempC").asDouble()).isEqualTo(47.5);
    assertThat(t.at("/devices/printer").asText()).isEqualTo("paper-low");
    assertThat(t.at("/cashBox/valueFen").asLong()).isEqualTo(56_000);
    assertThat(t.at("/openFaults/0/code").asText()).isEqualTo("paper-low");
    assertThat(t.get("mode").asText()).isEqualTo("in-service");
    assertThat(t.get("outboxDepth").asLong()).isEqualTo(3);
    assertThat(t.get("lastCentralContactAgeS").asLong()).isEqualTo(90);
  }

  @Test
  void a_new_telemetry_interval_takes_over_from_the_configured_one() {
    FleetAgent agent = started(dir.resolve("no-thermal"));
    await().atMost(WAIT).until(() -> link.telemetry.size() >= 2);

    agent.setTelemetryInterval(Duration.ofHours(1));
    await().atMost(WAIT).until(() -> agent.telemetryInterval().equals(Duration.ofHours(1)));
    int settled = link.telemetry.size();

    // The 200 ms schedule is gone (at most a tick already under way); the new one's first message
    // comes after 5 s.
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> link.telemetry.size() <= settled + 1);
    assertThat(agent.telemetryInterval()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void a_resync_reports_the_open_faults_once_as_faults_open_and_asks_the_link() {
    FleetAgent agent = started(dir.resolve("no-thermal"));
    agent.faults().raise("printer", "paper-out", Severity.WARNING, "Paper out");
    link.deliver(
        "cmd/resync",
        central.command(KIOSK, "resync", "c-resync", clock.instant(), Duration.ofMinutes(5)));

    await().atMost(WAIT).until(() -> journal.types().contains("cmd.result"));
    assertThat(journal.types()).containsOnlyOnce("fault.raised", "faults.open");
    assertThat(link.resyncs).hasSize(1);
  }

  @Test
  void reports_no_temperature_where_the_platform_has_no_thermal_zones() {
    ObjectNode t = started(dir.resolve("no-thermal")).telemetryNow();
    assertThat(t.get("cpuTempC").isNull()).isTrue();
    assertThat(t.get("lastCentralContactAgeS").isNull()).isTrue();
  }

  @Test
  void telemetry_the_link_cannot_take_is_journaled_and_goes_live_again_once_it_can() {
    link.takesTelemetry = false;
    started(dir.resolve("no-thermal"));
    await().atMost(WAIT).until(() -> teleSamples() == 1);
    clock.advance(Duration.ofSeconds(1));
    await().atMost(WAIT).until(() -> teleSamples() == 2);
    // The clock stands still now: the samples that follow are thinned (one per interval) ...
    int refused = link.refusedTelemetry.get();
    await().atMost(WAIT).until(() -> link.refusedTelemetry.get() >= refused + 2);
    assertThat(teleSamples()).isEqualTo(2);
    assertThat(link.telemetry).isEmpty();
    assertThat(journal.last("tele.sample").body())
        .containsEntry("schema", "tele/1")
        .containsEntry("ts", "2026-03-14T07:00:01Z");

    link.takesTelemetry = true;

    await().atMost(WAIT).until(() -> !link.telemetry.isEmpty());
    // ... and reported in one closing sample once telemetry goes out live again.
    await().atMost(WAIT).until(() -> teleSamples() == 3);
    assertThat(((Number) journal.last("tele.sample").body().get("droppedSamples")).longValue())
        .isPositive();
  }

  private long teleSamples() {
    return journal.types().stream().filter("tele.sample"::equals).count();
  }

  static final class FakeLink implements FleetLink {
    final List<byte[]> telemetry = new CopyOnWriteArrayList<>();
    final List<String> presence = new CopyOnWriteArrayList<>();
    volatile Status status = new Status(false, null, 0);
    private BiConsumer<String, byte[]> receiver;

    @Override
    public void publishTelemetry(byte[] payload) {
      telemetry.add(payload);
    }

    volatile boolean takesTelemetry = true;
    final AtomicInteger refusedTelemetry = new AtomicInteger();

    @Override
    public boolean offerTelemetry(byte[] payload) {
      if (!takesTelemetry) {
        refusedTelemetry.incrementAndGet();
        return false;
      }
      publishTelemetry(payload);
      return true;
    }

    @Override
    public void onFleetMessage(BiConsumer<String, byte[]> receiver) {
      this.receiver = receiver;
    }

    @Override
    public void setPresenceMode(String mode, String reason) {
      presence.add(mode + ":" + reason);
    }

    final List<String> resyncs = new CopyOnWriteArrayList<>();

    @Override
    public boolean resync() {
      resyncs.add("resync");
      return status.connected();
    }

    @Override
    public Status status() {
      return status;
    }

    void deliver(String suffix, byte[] payload) {
      receiver.accept(suffix, payload);
    }
  }

  static final class FakeEngine implements KioskControl {
    final List<KioskMode> modes = new CopyOnWriteArrayList<>();
    volatile boolean midTransaction;

    @Override
    public boolean customerMidTransaction() {
      return midTransaction;
    }

    @Override
    public void setMode(KioskMode mode) {
      modes.add(mode);
    }

    KioskMode last() {
      return modes.isEmpty() ? null : modes.get(modes.size() - 1);
    }
  }
}
