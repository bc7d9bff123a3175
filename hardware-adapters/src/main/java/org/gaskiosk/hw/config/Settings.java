package org.gaskiosk.hw.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed reading of the adapters' flat {@code key=value} settings (a properties file, environment or
 * command line turned into a map). Every complaint names the key, what it must be and what it was,
 * so a kiosk misconfigured in the field says exactly which line to fix.
 */
public final class Settings {
  private final Map<String, String> values;

  private Settings(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  public static Settings of(Map<String, String> values) {
    return new Settings(values);
  }

  /**
   * Refuses keys under {@code prefix} that are not in {@code known}: a misspelt key would otherwise
   * be ignored and its default used silently.
   */
  public void rejectUnknown(String prefix, Set<String> known) {
    Set<String> unknown = new TreeSet<>();
    for (String key : values.keySet()) {
      if (key.startsWith(prefix) && !known.contains(key)) {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown setting " + String.join(", ", unknown) + "; known: " + new TreeSet<>(known));
    }
  }

  public Optional<String> text(String key) {
    String v = values.get(key);
    return v == null ? Optional.empty() : Optional.of(v.strip());
  }

  public String text(String key, String fallback) {
    return text(key).orElse(fallback);
  }

  /** A whole number in [min, max]; {@code fallback} when absent, or required when null. */
  public int integer(String key, Integer fallback, int min, int max) {
    Optional<String> v = text(key);
    if (v.isEmpty()) {
      if (fallback == null) {
        throw new IllegalArgumentException(
            key + " is missing (a whole number " + range(min, max) + ")");
      }
      return fallback;
    }
    int n;
    try {
      n = Integer.parseInt(v.get());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          key + " must be a whole number " + range(min, max) + ", got \"" + v.get() + "\"");
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(
          key + " must be a whole number " + range(min, max) + ", got " + n);
    }
    return n;
  }

  public Duration millis(String key, int fallbackMs, int minMs, int maxMs) {
    return Duration.ofMillis(integer(key, fallbackMs, minMs, maxMs));
  }

  public boolean bool(String key, boolean fallback) {
    return switch (text(key, Boolean.toString(fallback))) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(
              key + " must be true or false, got \"" + text(key).orElse("") + "\"");
    };
  }

  /** One of {@code options} (the first is the default when the key is absent). */
  public String choice(String key, List<String> options) {
    String v = text(key, options.get(0));
    if (!options.contains(v)) {
      throw new IllegalArgumentException(
          key + " must be one of " + String.join(", ", options) + ", got \"" + v + "\"");
    }
    return v;
  }

  private static String range(int min, int max) {
    return min + "-" + max;
  }
}
