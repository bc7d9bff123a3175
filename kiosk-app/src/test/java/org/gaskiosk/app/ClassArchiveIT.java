package org.gaskiosk.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unit's class data sharing ({@code bin/gaskiosk-cds}, run by systemd before the start and
 * after the stop) with the real JVM and the controller's real class path: an archive is recorded at
 * a clean exit, opened by a JVM of its own before it is used, and forgotten after a crash or an
 * upgrade.
 */
class ClassArchiveIT {
  private static final Path SCRIPT = Path.of("src/dist/bin/gaskiosk-cds");
  @TempDir Path dir;
  private Path lib;
  private Path cds;

  @BeforeEach
  void classPathAsInstalled() throws IOException {
    lib = Files.createDirectories(dir.resolve("lib"));
    cds = dir.resolve("cds");
    try (Stream<Path> s = Files.list(Path.of("target/lib"))) {
      for (Path jar : s.toList()) {
        Files.copy(jar, lib.resolve(jar.getFileName()));
      }
    }
    try (Stream<Path> s = Files.list(Path.of("target"))) {
      Path app =
          s.filter(p -> p.getFileName().toString().matches("kiosk-app-.*\\.jar"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("mvn package builds target/kiosk-app-*.jar"));
      Files.copy(app, lib.resolve("kiosk-app.jar"));
    }
  }

  @Test
  void a_clean_exit_records_the_archive_and_the_next_start_maps_it() throws Exception {
    assertThat(script("prepare").exit()).isZero();
    assertThat(option()).startsWith("-XX:ArchiveClassesAtExit=").endsWith(".jsa.new");

    assertUsage(controllerUsage(option())); // an exit, not a crash: the JVM writes the archive

    ProcessRun promoted = script("prepare");
    assertThat(promoted.output()).contains("using the class archive");
    assertThat(option()).startsWith("-XX:SharedArchiveFile=").endsWith(".jsa");
    Path archive = Path.of(option().substring(option().indexOf('=') + 1));
    assertThat(archive).isRegularFile();
    // -Xshare:on fails the JVM if it cannot map the archive: proof that it is used, not ignored.
    assertUsage(controllerUsage(option() + " -Xshare:on"));
  }

  @Test
  void a_truncated_archive_is_dropped_before_any_controller_maps_it() throws Exception {
    script("prepare");
    controllerUsage(option());
    Path recorded = Path.of(option().substring(option().indexOf('=') + 1));
    byte[] whole = Files.readAllBytes(recorded);
    Files.delete(recorded);
    // What a power cut while the JVM writes the archive leaves; mapped, it crashes the JVM.
    Files.write(recorded, Arrays.copyOf(whole, whole.length / 3));

    ProcessRun r = script("prepare");

    assertThat(r.output()).contains("does not open; dropped");
    assertThat(recorded).doesNotExist();
    assertThat(option()).startsWith("-XX:ArchiveClassesAtExit=");
    assertUsage(controllerUsage(option()));
  }

  @Test
  void a_crash_forgets_the_archive_a_clean_stop_keeps_it_and_an_upgrade_names_a_new_one()
      throws Exception {
    script("prepare");
    controllerUsage(option());
    script("prepare");
    Path archive = Path.of(option().substring(option().indexOf('=') + 1));

    assertThat(script("after-stop", Map.of("SERVICE_RESULT", "success")).exit()).isZero();
    assertThat(archive).isRegularFile();

    Path jar = lib.resolve("kiosk-app.jar");
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60))); // an upgrade
    script("prepare");
    assertThat(archive).as("the old release's archive").doesNotExist();
    assertThat(option()).startsWith("-XX:ArchiveClassesAtExit=");
    controllerUsage(option());
    script("prepare");
    Path next = Path.of(option().substring(option().indexOf('=') + 1));
    assertThat(next).isRegularFile().isNotEqualTo(archive);

    ProcessRun crash = script("after-stop", Map.of("SERVICE_RESULT", "core-dump"));

    assertThat(crash.output()).contains("died of a signal");
    assertThat(next).doesNotExist();
    assertThat(cds.resolve("java.env")).doesNotExist();
    assertThat(script("bogus").exit()).isEqualTo(2);
  }

  /** The option java.env gives the controller's JVM. */
  private String option() throws IOException {
    String line = Files.readString(cds.resolve("java.env")).strip();
    assertThat(line).startsWith("JDK_JAVA_OPTIONS=");
    return line.substring("JDK_JAVA_OPTIONS=".length());
  }

  /** The controller answered its usage (status 2): the JVM ran and exited, it did not crash. */
  private static void assertUsage(ProcessRun r) {
    assertThat(r.exit()).as(r.output()).isEqualTo(2);
    assertThat(r.output()).contains("usage: kiosk-app");
  }

  /** The controller's JVM as the unit starts it, asked only for its usage: a clean exit. */
  private ProcessRun controllerUsage(String javaOptions) throws Exception {
    return ProcessRun.run(
        List.of(
            java(),
            "-Xmx64m",
            "-XX:+UseSerialGC",
            "-jar",
            lib.resolve("kiosk-app.jar").toString(),
            "--help"),
        Map.of("JDK_JAVA_OPTIONS", javaOptions));
  }

  private ProcessRun script(String command) throws Exception {
    return script(command, Map.of());
  }

  private ProcessRun script(String command, Map<String, String> extra) throws Exception {
    Map<String, String> env = new HashMap<>(extra);
    env.put("GASKIOSK_CDS_DIR", cds.toString());
    env.put("GASKIOSK_LIB", lib.toString());
    env.put("GASKIOSK_JAVA", java());
    return ProcessRun.run(List.of("sh", SCRIPT.toString(), command), env);
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
