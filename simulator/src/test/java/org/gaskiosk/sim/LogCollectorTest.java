package org.gaskiosk.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.gaskiosk.core.fleet.CommandHandler;
import org.gaskiosk.core.journal.PendingEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogCollectorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private final List<PendingEvent> recorded = new ArrayList<>();

  private Path log(int lines, String filler) throws Exception {
    Path f = dir.resolve("kiosk.log");
    Files.writeString(
        f,
        IntStream.rangeClosed(1, lines)
                .mapToObj(i -> "line " + i + " " + filler)
                .collect(Collectors.joining("\n"))
            + "\n");
    return f;
  }

  private CommandHandler.Outcome collect(Path file, String args) throws Exception {
    return new LogCollector(() -> file, recorded::addAll).collect(JSON.readTree(args));
  }

  @Test
  void sends_the_last_lines_asked_for_in_chunks_the_journal_can_hold() throws Exception {
    Path f = log(3000, "\"quoted\" and \\ backslashed 燃气 " + "x".repeat(100));

    CommandHandler.Outcome out = collect(f, "{\"lines\":500}");

    assertThat(out.ok()).isTrue();
    assertThat(out.data().get("lines").asInt()).isEqualTo(500);
    assertThat(out.data().get("truncated").asBoolean()).isTrue();
    int chunks = out.data().get("chunks").asInt();
    assertThat(recorded).hasSize(chunks).allMatch(e -> e.type().equals("log.chunk"));
    StringBuilder text = new StringBuilder();
    for (PendingEvent e : recorded) {
      String json = JSON.writeValueAsString(e.body());
      assertThat(json.length()).as("a journal body holds 16000 characters").isLessThan(16_000);
      text.append(JSON.valueToTree(e.body()).get("text").asText());
    }
    String[] lines = text.toString().split("\n");
    assertThat(lines).hasSize(500);
    assertThat(lines[0]).startsWith("line 2501 ");
    assertThat(lines[499]).startsWith("line 3000 ");
  }

  @Test
  void reads_no_more_than_the_bounded_tail_of_a_big_file() throws Exception {
    Path f = log(20_000, "y".repeat(200));

    CommandHandler.Outcome out = collect(f, "{\"lines\":2000}");

    assertThat(out.ok()).isTrue();
    assertThat(out.data().get("chars").asInt()).isLessThanOrEqualTo(LogCollector.MAX_BYTES);
    assertThat(out.data().get("lines").asInt()).isLessThan(2000);
    assertThat(recorded.size()).isLessThanOrEqualTo(25);
  }

  @Test
  void refuses_a_bad_line_count_and_records_nothing() throws Exception {
    Path f = log(10, "");

    assertThat(collect(f, "{\"lines\":0}").ok()).isFalse();
    assertThat(collect(f, "{\"lines\":\"all\"}").ok()).isFalse();
    assertThat(collect(f, "{\"lines\":2001}").detail()).contains("1-2000");
    assertThat(collect(dir.resolve("missing.log"), "{}").detail()).contains("no log file");
    assertThat(recorded).isEmpty();
  }

  @Test
  void defaults_to_the_last_200_lines() throws Exception {
    CommandHandler.Outcome out = collect(log(250, "z"), "{}");

    assertThat(out.data().get("lines").asInt()).isEqualTo(200);
    assertThat(recorded).hasSize(1);
  }
}
