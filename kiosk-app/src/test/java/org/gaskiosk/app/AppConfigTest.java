package org.gaskiosk.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gaskiosk.core.fleet.SignedMessages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AppConfigTest {
  private static final Path TEMPLATE = Path.of("src/dist/etc/kiosk.properties");
  private static final Pattern DOCUMENTED = Pattern.compile("^#([a-z][a-z0-9.-]*)=(.*)$");
  private static final Set<String> PRINTER_KEYS =
      Set.of(
          "printer.device",
          "printer.name",
          "printer.status-timeout-ms",
          "printer.qr-module-size",
          "printer.chinese-mode",
          "printer.feed-lines",
          "printer.cut");

  @TempDir Path dir;
  private Path keyFile;

  @BeforeEach
  void centralKey() throws Exception {
    keyFile = dir.resolve("central.pem");
    Files.writeString(
        keyFile,
        SignedMessages.pem(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic()));
  }

  private Map<String, String> minimal() {
    Map<String, String> m = new HashMap<>();
    m.put("kiosk.id", "K0001");
    m.put("fleet.central-key-file", keyFile.toString());
    return m;
  }

  /** The template's commented-out lines: key to the default shown. */
  private static Map<String, String> documented() throws Exception {
    Map<String, String> keys = new LinkedHashMap<>();
    for (String line : Files.readAllLines(TEMPLATE, StandardCharsets.UTF_8)) {
      Matcher m = DOCUMENTED.matcher(line.strip());
      if (m.matches()) {
        assertThat(keys.put(m.group(1), m.group(2))).as("documented twice: " + m.group(1)).isNull();
      }
    }
    return keys;
  }

  @Test
  void the_template_documents_every_key_the_controller_reads() throws Exception {
    Set<String> expected = new TreeSet<>(AppConfig.KEYS);
    expected.addAll(PRINTER_KEYS);
    expected.addAll(AppConfig.typicalWiringSettings().keySet());

    assertThat(new TreeSet<>(documented().keySet())).isEqualTo(expected);
  }

  @Test
  void the_defaults_shown_in_the_template_are_the_defaults_the_code_applies() throws Exception {
    Map<String, String> uncommented = new HashMap<>(documented());
    uncommented.putAll(minimal()); // the key file must exist; kiosk.id defaults to the host name

    AppConfig fromTemplate = AppConfig.of(TEMPLATE, uncommented);
    AppConfig fromDefaults = AppConfig.of(TEMPLATE, minimal());

    for (RecordComponent c : AppConfig.class.getRecordComponents()) {
      assertThat(c.getAccessor().invoke(fromTemplate))
          .as(c.getName())
          .isEqualTo(c.getAccessor().invoke(fromDefaults));
    }
    assertThat(fromDefaults.acceptorDevice()).isEqualTo("/dev/kiosk-acceptor");
    assertThat(fromDefaults.printerDevice()).isEqualTo("/dev/kiosk-printer");
    assertThat(fromDefaults.uiPort()).isEqualTo(8080);
  }

  @Test
  void the_template_as_installed_loads_once_the_central_key_is_in_place() throws Exception {
    Path installed = dir.resolve("kiosk.properties");
    Files.writeString(
        installed,
        Files.readString(TEMPLATE)
            + "\nfleet.central-key-file="
            + keyFile
            + "\n"); // the only thing an operator must add
    AppConfig c = AppConfig.load(installed);

    assertThat(c.kiosk().kioskId()).matches("[A-Za-z0-9_-]{1,32}");
    assertThat(c.kiosk().terminalId()).matches("[0-9A-F]{12}");
    assertThat(c.requiredDevices()).containsExactlyInAnyOrder("card-reader", "bill-acceptor");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "purchase.min-amount-fen|abc|purchase.min-amount-fen must be a whole number",
        "purchase.max-amount-fen|500|purchase.max-amount-fen (500) must not be below",
        "kiosk.id|kiosk 7|kiosk.id must be 1-32 letters",
        "kiosk.terminal-id|XYZ|kiosk.terminal-id must be 12 hex digits",
        "acceptor.notes-fen|100,300|acceptor.notes-fen: 300 fen is not a banknote",
        "mqtt.uri|http://broker:1883|mqtt.uri must be tcp://host:port or ssl://host:port",
        "mqtt.ca-file|/nonexistent/ca.pem|mqtt.ca-file: no readable file",
        "fleet.required-devices|card-reader,coffee|fleet.required-devices: unknown device",
        "gpio.led.red.bcm|17|gpio.led.green.bcm and gpio.led.red.bcm both use BCM 17",
        "printer.cut|half|printer.cut must be one of full, partial",
        "ui.port|70000|ui.port must be a whole number 1-65535",
        "data.dir|relative/data|data.dir must be an absolute path",
        "purchse.min-amount-fen|1000|unknown key purchse.min-amount-fen",
        "fleet.central-key-file|/nonexistent.pem|fleet.central-key-file: no readable file",
      })
  void an_invalid_value_is_refused_with_the_key_and_the_reason(
      String key, String value, String message) {
    Map<String, String> m = minimal();
    m.put(key, value);

    assertThatThrownBy(() -> AppConfig.of(TEMPLATE, m))
        .isInstanceOf(AppConfig.Invalid.class)
        .hasMessageContaining(message);
  }

  @Test
  void main_stops_with_status_78_naming_the_key_before_anything_starts() throws Exception {
    Path file = dir.resolve("kiosk.properties");
    Files.writeString(
        file,
        "fleet.central-key-file="
            + keyFile
            + "\ndata.dir="
            + dir.resolve("data")
            + "\n"
            + "timeouts.cash-s=-5\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status =
        Main.run(
            new String[] {"--config", file.toString()},
            Map.of(),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(status).isEqualTo(78);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("invalid configuration " + file)
        .contains("timeouts.cash-s must be a whole number 5-3600, got -5");
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void the_mqtt_password_comes_from_the_secrets_file_and_is_never_shown() throws Exception {
    Path secrets = dir.resolve("secrets.properties");
    Files.writeString(secrets, "mqtt.password=s3cr3t-Pa55\n");
    Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-r-----"));
    Map<String, String> m = minimal();
    m.put("mqtt.username", "kiosk-K0001");
    m.put("secrets.file", secrets.toString());
    AppConfig config = AppConfig.of(TEMPLATE, m);

    Secrets s = Secrets.load(config, Map.of());

    assertThat(s.mqttPassword()).contains("s3cr3t-Pa55");
    assertThat(s.toString()).doesNotContain("s3cr3t");
    assertThat(config.toString()).doesNotContain("s3cr3t");
  }

  @Test
  void secrets_readable_by_everyone_or_a_user_without_password_are_refused() throws Exception {
    Path secrets = dir.resolve("secrets.properties");
    Files.writeString(secrets, "mqtt.password=x\n");
    Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-r--r--"));
    Map<String, String> m = minimal();
    m.put("mqtt.username", "kiosk-K0001");
    m.put("secrets.file", secrets.toString());
    AppConfig config = AppConfig.of(TEMPLATE, m);

    assertThatThrownBy(() -> Secrets.load(config, Map.of()))
        .hasMessageContaining("readable by every user");
    Path empty = dir.resolve("empty.properties");
    Files.writeString(empty, "# nothing\n");
    Files.setPosixFilePermissions(empty, PosixFilePermissions.fromString("rw-r-----"));
    assertThatThrownBy(() -> Secrets.load(config, Map.of(Secrets.ENV_FILE, empty.toString())))
        .hasMessageContaining("mqtt.username is set but the secrets file " + empty);
  }
}
