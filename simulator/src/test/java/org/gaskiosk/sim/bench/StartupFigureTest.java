package org.gaskiosk.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The start-up figure measures the controller as the production unit starts it. */
class StartupFigureTest {
  private static final Path UNIT = Path.of("..", "kiosk-app", "src", "dist", "systemd");

  @Test
  void every_jvm_option_the_benchmark_uses_is_on_the_units_command_line() throws IOException {
    String execStart =
        Files.readAllLines(UNIT.resolve("gaskiosk.service")).stream()
            .filter(l -> l.startsWith("ExecStart="))
            .findFirst()
            .orElseThrow();

    for (String option : StartupFigure.JVM) {
      assertThat(execStart.split(" ")).as("ExecStart of gaskiosk.service").contains(option);
    }
  }

  @Test
  void the_benchmarks_environment_is_the_units() throws IOException {
    String unit = Files.readString(UNIT.resolve("gaskiosk.service"));

    for (Map.Entry<String, String> e : StartupFigure.ENVIRONMENT.entrySet()) {
      assertThat(unit).contains("Environment=" + e.getKey() + "=" + e.getValue());
    }
  }

  @Test
  void the_unit_maps_a_class_archive_as_the_benchmarks_second_start_does() throws IOException {
    String unit = Files.readString(UNIT.resolve("gaskiosk.service"));

    assertThat(unit)
        .contains("EnvironmentFile=-/var/lib/gaskiosk/cds/java.env")
        .contains("ExecStartPre=-/bin/sh /opt/gaskiosk/bin/gaskiosk-cds prepare")
        .contains("ExecStopPost=-/bin/sh /opt/gaskiosk/bin/gaskiosk-cds after-stop");
    String script = Files.readString(UNIT.resolveSibling("bin").resolve("gaskiosk-cds"));
    assertThat(script)
        .contains("-XX:SharedArchiveFile=$archive")
        .contains("-XX:ArchiveClassesAtExit=$archive.new");
  }
}
