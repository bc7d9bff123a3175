package org.gaskiosk.sim.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Writes the figures of a full run into docs/benchmarks.md, between the markers {@code <!--
 * bench:begin -->} and {@code <!-- bench:end -->}; whatever the file says outside them (the
 * analysis) is kept.
 */
final class MarkdownReport {
  static final String BEGIN = "<!-- bench:begin -->";
  static final String END = "<!-- bench:end -->";

  private MarkdownReport() {}

  static void write(Path file, List<ObjectNode> figures, BenchOptions o) throws IOException {
    String table = table(figures, o);
    String text;
    if (Files.exists(file)) {
      String old = Files.readString(file, StandardCharsets.UTF_8);
      int b = old.indexOf(BEGIN);
      int e = old.indexOf(END);
      text =
          b >= 0 && e > b
              ? old.substring(0, b) + table + old.substring(e + END.length())
              : old + "\n" + table + "\n";
    } else {
      text = "# Benchmarks\n\n" + table + "\n";
    }
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  static String table(List<ObjectNode> figures, BenchOptions o) {
    StringBuilder s = new StringBuilder(BEGIN).append("\n");
    s.append("_Written by `java -jar simulator/target/kiosk-demo.jar bench` on ")
        .append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
        .append(o.quick() ? " (a `--quick` run: too few samples to quote)" : "")
        .append(", with ")
        .append(o.purchases())
        .append(" purchases, ")
        .append(o.drainEvents())
        .append(" backlog events, fleet sizes up to ")
        .append(o.kiosks())
        .append(" kiosks for ")
        .append(o.fleetSeconds())
        .append(" s each._\n\n");
    for (ObjectNode f : figures) {
      if (f.path("figure").asText().equals("machine")) {
        s.append("Machine: ")
            .append(f.path("cores").asInt())
            .append(" cores (")
            .append(f.path("cpu").asText())
            .append("), ")
            .append(f.path("ramMb").asLong() / 1024)
            .append(" GB RAM, ")
            .append(f.path("jdk").asText())
            .append(", ")
            .append(f.path("os").asText())
            .append("; load average ")
            .append(f.path("loadAverage").asText())
            .append(" when the run started.\n\n");
      }
    }
    s.append("| figure | measured | beside (floor / alternative) | ratio | goal | met |\n");
    s.append("|---|---|---|---|---|---|\n");
    for (ObjectNode f : figures) {
      switch (f.path("figure").asText()) {
        case "controller-overhead" ->
            row(
                s,
                "1. controller overhead per purchase, "
                    + f.path("purchases").asInt()
                    + " purchases (commits on its path: "
                    + f.path("durableCommitsPerPurchase").toString().replace("\"", "")
                    + ")",
                "p50 "
                    + f.path("overheadP50").asText()
                    + " ms, p99 "
                    + f.path("overheadP99").asText()
                    + " ms",
                "raw durable H2 commits: p50 "
                    + f.path("floorP50").asText()
                    + " ms, p99 "
                    + f.path("floorP99").asText()
                    + " ms",
                "p50 " + f.path("ratioP50").asText() + ", p99 " + f.path("ratioP99").asText(),
                f.path("goal"));
        case "card-commands" ->
            row(
                s,
                "2. card commands, "
                    + f.path("family").asText()
                    + " ("
                    + f.path("path").asText()
                    + ")",
                f.path("apdus").asText() + " APDUs (INS " + f.path("ins").asText() + ")",
                f.has("protocolMinimum")
                    ? "protocol minimum " + f.path("protocolMinimum").asText()
                    : "-",
                f.has("protocolMinimum")
                    ? Figures.round(
                            f.path("apdus").asDouble() / f.path("protocolMinimum").asDouble())
                        + ""
                    : "-",
                f.path("goal"));
        case "startup" -> {
          row(
              s,
              "3. start-up to ready, class archive "
                  + f.path("classArchive").asText()
                  + ", "
                  + f.path("heap").asText(),
              f.path("readyMs").asText() + " ms",
              "first start after an install (records the archive): "
                  + f.path("readyMsFirstStart").asText()
                  + " ms",
              "-",
              f.path("goal"));
          row(
              s,
              "3. resident memory after " + f.path("purchases").asText() + " purchases",
              f.path("rssAfterPurchasesMb").asText()
                  + " MB (at ready "
                  + f.path("rssAtReadyMb").asText()
                  + " MB)",
              "-",
              "-",
              f.path("goalMemory"));
        }
        case "backlog-drain" ->
            row(
                s,
                "4. backlog drain, " + f.path("events").asText() + " events",
                f.path("kioskEventsPerSecond").asText() + " events/s",
                "raw Paho QoS 1 loop: " + f.path("rawPahoEventsPerSecond").asText() + " events/s",
                f.path("ratio").asText(),
                f.path("goal"));
        case "fleet" -> {
          for (JsonNode r : f.path("sizes")) {
            row(
                s,
                "5. fleet of "
                    + r.path("kiosks").asText()
                    + " kiosks, a purchase each every "
                    + f.path("buyEverySeconds").asText()
                    + " s",
                r.path("purchases").asText()
                    + " purchases, p99 "
                    + r.path("purchaseP99Ms").asText("-")
                    + " ms, "
                    + r.path("undeliveredEvents").asText()
                    + " undelivered, "
                    + r.path("rejectedByCentral").asText("0")
                    + " rejected, "
                    + r.path("failures").asText()
                    + " failed, "
                    + r.path("skippedBusy").asText()
                    + " skipped; "
                    + r.path("threadsPerKiosk").asText()
                    + " threads/kiosk, RSS "
                    + r.path("rssMb").asText()
                    + " MB",
                "p99 < 1000 ms, all delivered and taken",
                "-",
                null,
                r.path("held").asBoolean() ? "held" : "not held");
          }
          row(
              s,
              "5. fleet: largest size held",
              f.path("largestHeld").asText() + " kiosks",
              "-",
              "-",
              f.path("goal"));
        }
        default -> {}
      }
    }
    s.append("\nThe JSON lines of this run:\n\n```\n");
    for (ObjectNode f : figures) {
      s.append(f.toString()).append("\n");
    }
    s.append("```\n").append(END);
    return s.toString();
  }

  private static void row(
      StringBuilder s, String what, String measured, String beside, String ratio, JsonNode goal) {
    row(s, what, measured, beside, ratio, goal, null);
  }

  private static void row(
      StringBuilder s,
      String what,
      String measured,
      String beside,
      String ratio,
      JsonNode goal,
      String met) {
    String goalText = goal == null || goal.isMissingNode() ? "-" : goal.path("goal").asText();
    String metText =
        met != null
            ? met
            : goal == null || goal.isMissingNode()
                ? "-"
                : goal.path("met").asBoolean()
                    ? "yes"
                    : "**no**: " + goal.path("missedBy").asText();
    s.append("| ")
        .append(what)
        .append(" | ")
        .append(measured)
        .append(" | ")
        .append(beside)
        .append(" | ")
        .append(ratio)
        .append(" | ")
        .append(goalText)
        .append(" | ")
        .append(metText)
        .append(" |\n");
  }
}
