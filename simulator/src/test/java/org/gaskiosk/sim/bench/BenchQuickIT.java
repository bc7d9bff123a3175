package org.gaskiosk.sim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI smoke run of the benchmarks: {@code bench --quick} against a real Mosquitto, a child JVM
 * and the central simulator produces every figure, each with positive numbers. It checks that the
 * harness works, never how fast anything is.
 */
class BenchQuickIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void a_quick_bench_prints_every_figure_with_positive_numbers_and_writes_its_table()
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path report = dir.resolve("benchmarks.md");

    int exit =
        BenchMain.run(
            new String[] {
              "bench",
              "--quick",
              "--data",
              dir.resolve("run").toString(),
              "--report",
              report.toString()
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(exit).as("stderr: %s", err.toString(StandardCharsets.UTF_8)).isZero();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith("{")) {
        lines.add(JSON.readTree(line));
      }
    }
    Map<String, List<JsonNode>> byFigure =
        lines.stream().collect(Collectors.groupingBy(n -> n.path("figure").asText()));
    assertThat(byFigure)
        .containsKeys(
            "machine",
            "controller-overhead",
            "card-commands",
            "startup",
            "backlog-drain",
            "fleet",
            "run");

    JsonNode overhead = byFigure.get("controller-overhead").get(0);
    assertPositive(
        overhead, "overheadP50", "overheadP99", "floorP50", "floorP99", "ratioP50", "ratioP99");
    assertThat(overhead.path("durableCommitsPerPurchase").size()).isPositive();

    Map<String, JsonNode> cards =
        byFigure.get("card-commands").stream()
            .collect(Collectors.toMap(n -> n.path("family").asText(), Function.identity()));
    assertThat(cards).containsKeys("purse-fen", "purse-centi_m3", "sle4442", "tool");
    assertPositive(cards.get("purse-fen"), "apdus", "protocolMinimum");
    assertPositive(cards.get("purse-centi_m3"), "apdus", "protocolMinimum");

    assertPositive(
        byFigure.get("startup").get(0), "readyMs", "rssAtReadyMb", "rssAfterPurchasesMb");
    assertPositive(
        byFigure.get("backlog-drain").get(0),
        "events",
        "kioskEventsPerSecond",
        "rawPahoEventsPerSecond",
        "ratio");
    JsonNode fleet = byFigure.get("fleet").get(0);
    assertThat(fleet.path("sizes").size()).isPositive();
    assertPositive(fleet.path("sizes").get(0), "kiosks", "purchases", "purchaseP99Ms", "threads");

    for (JsonNode n : lines) {
      JsonNode goal = n.path("goal");
      if (!goal.isMissingNode() && !goal.path("met").asBoolean()) {
        assertThat(goal.path("missedBy").asText())
            .as("a missed goal says by how much")
            .isNotBlank();
      }
    }
    String table = Files.readString(report);
    assertThat(table).contains(MarkdownReport.BEGIN, MarkdownReport.END, "| figure |");
  }

  private static void assertPositive(JsonNode n, String... fields) {
    for (String f : fields) {
      assertThat(n.path(f).isNumber()).as("%s in %s is a number", f, n).isTrue();
      assertThat(n.path(f).asDouble()).as("%s in %s", f, n).isPositive();
    }
  }
}
