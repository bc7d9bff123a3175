package org.gaskiosk.core.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.gaskiosk.core.journal.PendingEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signed, versioned configuration from the central system (the retained {@code cfg} topic, or a
 * {@code set-config} command): only a higher version than the one applied is taken, it waits until
 * no customer is mid-transaction, and the outcome goes back as {@code cfg.applied} or {@code
 * cfg.rejected}. The applied configuration is kept in {@code config.json} for the next start.
 *
 * <p>Not thread-safe: the fleet thread only.
 */
final class ConfigUpdates {
  private static final Logger log = LoggerFactory.getLogger(ConfigUpdates.class);
  static final String SCHEMA = "cfg/1";

  private record Offer(long version, JsonNode config, String source) {}

  private final String kioskId;
  private final SignedMessages signed;
  private final JsonFile store;
  private final ConfigApplier applier;
  private final EventRecorder recorder;
  private final BooleanSupplier customerMidTransaction;
  private final Clock clock;
  private long appliedVersion;
  private long rejectedVersion;
  private JsonNode applied;
  private Offer waiting;

  ConfigUpdates(
      String kioskId,
      SignedMessages signed,
      Path file,
      ConfigApplier applier,
      EventRecorder recorder,
      BooleanSupplier customerMidTransaction,
      Clock clock) {
    this.kioskId = kioskId;
    this.signed = signed;
    this.store = new JsonFile(file);
    this.applier = applier;
    this.recorder = recorder;
    this.customerMidTransaction = customerMidTransaction;
    this.clock = clock;
    store
        .read()
        .ifPresent(
            n -> {
              appliedVersion = n.path("version").asLong(0);
              rejectedVersion = n.path("rejectedVersion").asLong(0);
              applied = n.get("config");
            });
  }

  /** The version applied last (0 if none). */
  long version() {
    return appliedVersion;
  }

  /** Hands the last applied configuration to the applier again, at start. */
  void reapplyAtStart() {
    if (applied != null && !applied.isNull()) {
      String refusal = applier.apply(appliedVersion, applied);
      if (refusal != null) {
        log.error("stored configuration {} no longer applies: {}", appliedVersion, refusal);
      }
    }
  }

  /** A message on the retained {@code cfg} topic. */
  void received(byte[] envelope) {
    SignedMessages.Opened opened = signed.open(envelope);
    if (opened instanceof SignedMessages.Refused r) {
      rejected(0, "cfg", r.reason() + ": " + r.detail());
      return;
    }
    JsonNode doc = ((SignedMessages.Verified) opened).document();
    if (!SCHEMA.equals(doc.path("schema").asText())
        || !doc.path("version").canConvertToLong()
        || doc.path("version").asLong() <= 0
        || !doc.path("config").isObject()) {
      rejected(0, "cfg", "malformed: needs schema cfg/1, a positive version and a config object");
      return;
    }
    if (!kioskId.equals(doc.path("kioskId").asText())) {
      rejected(doc.path("version").asLong(), "cfg", "wrong-kiosk: " + doc.path("kioskId").asText());
      return;
    }
    offer(doc.get("version").asLong(), doc.get("config"), "cfg");
    tick();
  }

  /**
   * A configuration the caller already verified (a signed {@code set-config} command, whose handler
   * waited for the customer): applied now.
   *
   * @return null when applied, else why not
   */
  String applyNow(long version, JsonNode config, String source) {
    if (version <= appliedVersion) {
      return "stale: version " + version + " is not above the applied " + appliedVersion;
    }
    return apply(new Offer(version, config, source));
  }

  /** Applies what waits, if no customer is mid-transaction. */
  void tick() {
    if (waiting != null && !customerMidTransaction.getAsBoolean()) {
      Offer o = waiting;
      waiting = null;
      apply(o);
    }
  }

  private void offer(long version, JsonNode config, String source) {
    if (version <= appliedVersion || version == rejectedVersion) {
      log.debug("configuration {} already handled (applied {})", version, appliedVersion);
      return;
    }
    if (waiting == null || version > waiting.version()) {
      waiting = new Offer(version, config, source);
      log.info("configuration {} waits until no customer is mid-transaction", version);
    }
  }

  private String apply(Offer o) {
    String refusal;
    try {
      refusal = applier.apply(o.version(), o.config());
    } catch (RuntimeException e) {
      log.error("configuration {} failed to apply", o.version(), e);
      refusal = "failed: " + e;
    }
    if (refusal != null) {
      rejectedVersion = o.version();
      save();
      rejected(o.version(), o.source(), refusal);
      return refusal;
    }
    appliedVersion = o.version();
    applied = o.config();
    save();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("version", o.version());
    body.put("source", o.source());
    body.put("appliedAt", clock.instant().toString());
    recorder.record(List.of(new PendingEvent("cfg.applied", body)));
    log.info("configuration {} applied", o.version());
    return null;
  }

  private void rejected(long version, String source, String reason) {
    log.warn("configuration {} from {} rejected: {}", version, source, reason);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("version", version);
    body.put("source", source);
    body.put("reason", reason);
    recorder.record(List.of(new PendingEvent("cfg.rejected", body)));
  }

  private void save() {
    ObjectNode n = JsonFile.JSON.createObjectNode();
    n.put("schema", "kiosk-config/1");
    n.put("version", appliedVersion);
    n.put("rejectedVersion", rejectedVersion);
    n.set("config", applied);
    store.write(n);
  }

  /** The configuration applied last, if any. */
  Optional<JsonNode> current() {
    return Optional.ofNullable(applied);
  }
}
