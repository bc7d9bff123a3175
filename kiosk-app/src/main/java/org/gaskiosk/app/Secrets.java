package org.gaskiosk.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * What must never be in the configuration file or the source: the MQTT password. Read from the file
 * named by {@code secrets.file} (default {@code /etc/gaskiosk/secrets.properties}, mode 0640
 * root:gaskiosk), or from the file named by the environment variable {@code GASKIOSK_SECRETS_FILE},
 * which wins (for a credentials store such as systemd's {@code LoadCredential=}).
 *
 * <p>{@link #toString()} never shows a value.
 */
public final class Secrets {
  public static final String ENV_FILE = "GASKIOSK_SECRETS_FILE";
  static final Set<String> KEYS = Set.of("mqtt.password");

  private final Optional<String> mqttPassword;
  private final Path source;

  private Secrets(Path source, Optional<String> mqttPassword) {
    this.source = source;
    this.mqttPassword = mqttPassword;
  }

  /**
   * Reads the secrets for {@code config}. A missing file is fine for a broker without passwords; a
   * user name without a password is not.
   */
  public static Secrets load(AppConfig config, Map<String, String> env) throws AppConfig.Invalid {
    Path file = Optional.ofNullable(env.get(ENV_FILE)).map(Path::of).orElse(config.secretsFile());
    Optional<String> password = Optional.empty();
    if (Files.exists(file)) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      } catch (IOException | IllegalArgumentException e) {
        throw new AppConfig.Invalid("cannot read secrets file " + file + ": " + e.getMessage(), e);
      }
      Set<String> unknown = new TreeSet<>(p.stringPropertyNames());
      unknown.removeAll(KEYS);
      if (!unknown.isEmpty()) {
        throw new AppConfig.Invalid(
            "secrets file " + file + ": unknown key " + String.join(", ", unknown), null);
      }
      if (worldReadable(file)) {
        throw new AppConfig.Invalid(
            "secrets file " + file + " is readable by every user; chmod 0640 it", null);
      }
      password = Optional.ofNullable(p.getProperty("mqtt.password")).filter(v -> !v.isBlank());
    }
    if (config.mqttUsername().isPresent() && password.isEmpty()) {
      throw new AppConfig.Invalid(
          "mqtt.username is set but the secrets file " + file + " holds no mqtt.password", null);
    }
    return new Secrets(file, password);
  }

  public Optional<String> mqttPassword() {
    return mqttPassword;
  }

  private static boolean worldReadable(Path file) {
    try {
      return Files.getPosixFilePermissions(file).contains(PosixFilePermission.OTHERS_READ);
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "Secrets["
        + source
        + ", mqtt.password "
        + (mqttPassword.isPresent() ? "set" : "none")
        + "]";
  }
}
