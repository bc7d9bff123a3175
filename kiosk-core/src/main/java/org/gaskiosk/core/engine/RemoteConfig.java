package org.gaskiosk.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The kiosk's settings from the central system's signed configuration ({@code cfg/1},
 * docs/mqtt.md): purchase limits, screen timeouts and the telemetry interval. A configuration is
 * complete: a key it leaves out takes the kiosk's default, not the value of the previous version.
 * Every key is checked before anything is applied, and a refusal names the key, so the maintenance
 * staff see which setting did not take effect (unknown keys are refused for the same reason).
 *
 * @param kiosk the engine's configuration to run with
 * @param telemetryInterval how often telemetry goes out
 */
public record RemoteConfig(KioskConfig kiosk, Duration telemetryInterval) {
  private static final Map<String, Set<String>> KEYS =
      Map.of(
          "purchase", Set.of("minAmountFen", "maxAmountFen"),
          "timeouts", Set.of("choiceS", "cashS", "resultS"),
          "telemetry", Set.of("intervalS"));

  public RemoteConfig {
    Objects.requireNonNull(kiosk, "kiosk");
    Objects.requireNonNull(telemetryInterval, "telemetryInterval");
  }

  /** What a configuration document comes to. */
  public sealed interface Parsed permits Accepted, Refused {}

  /** Every key is acceptable. */
  public record Accepted(RemoteConfig config) implements Parsed {}

  /** The first key that cannot be taken, and why; nothing is applied. */
  public record Refused(String reason) implements Parsed {}

  /**
   * @param config the {@code config} object of a {@code cfg/1} document
   * @param defaults the kiosk's own settings, for keys the document leaves out
   * @param defaultTelemetry the kiosk's own telemetry interval
   */
  public static Parsed parse(JsonNode config, KioskConfig defaults, Duration defaultTelemetry) {
    if (config == null || !config.isObject()) {
      return new Refused("the configuration must be a JSON object");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> section = it.next();
      String name = section.getKey();
      if (name.equals("tariff")) {
        return new Refused(
            "tariff: this kiosk takes its tariff with each account from card.lookup (tiers per"
                + " account), not from the configuration");
      }
      Set<String> allowed = KEYS.get(name);
      if (allowed == null) {
        return new Refused(name + ": unknown key");
      }
      if (!section.getValue().isObject()) {
        return new Refused(name + ": must be an object");
      }
      for (Iterator<String> keys = section.getValue().fieldNames(); keys.hasNext(); ) {
        String key = keys.next();
        if (!allowed.contains(key)) {
          return new Refused(name + "." + key + ": unknown key");
        }
      }
    }
    try {
      JsonNode p = config.path("purchase");
      JsonNode t = config.path("timeouts");
      KioskConfig kiosk =
          new KioskConfig(
              defaults.kioskId(),
              defaults.terminalId(),
              whole(p, "purchase", "minAmountFen", defaults.minAmountFen(), 1, Long.MAX_VALUE),
              whole(p, "purchase", "maxAmountFen", defaults.maxAmountFen(), 1, Long.MAX_VALUE),
              seconds(t, "timeouts", "choiceS", defaults.choiceTimeout(), 5, 3600),
              seconds(t, "timeouts", "cashS", defaults.cashTimeout(), 5, 3600),
              seconds(t, "timeouts", "resultS", defaults.resultTimeout(), 1, 600),
              defaults.pollInterval(),
              // Not remotely configurable: the kiosk's own hotline and accessible slowdown stay.
              defaults.hotline(),
              defaults.accessibleSlowdown());
      Duration tele =
          seconds(config.path("telemetry"), "telemetry", "intervalS", defaultTelemetry, 1, 3600);
      return new Accepted(new RemoteConfig(kiosk, tele));
    } catch (IllegalArgumentException e) {
      // KioskConfig names the key ("invalid configuration purchase.maxAmountFen=...: why").
      return new Refused(e.getMessage());
    }
  }

  private static long whole(
      JsonNode section, String name, String key, long fallback, long min, long max) {
    JsonNode v = section.get(key);
    if (v == null) {
      return fallback;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
      throw new IllegalArgumentException(
          name + "." + key + ": must be a whole number from " + min + " to " + max + ", got " + v);
    }
    return v.asLong();
  }

  private static Duration seconds(
      JsonNode section, String name, String key, Duration fallback, long min, long max) {
    JsonNode v = section.get(key);
    return v == null
        ? fallback
        : Duration.ofSeconds(whole(section, name, key, fallback.toSeconds(), min, max));
  }
}
