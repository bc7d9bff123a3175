package org.gaskiosk.core.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A committed transition survives SIGKILL of the JVM that committed it: a child JVM commits in a
 * loop and reports each commit after it returned; it is killed without warning mid-stream; every
 * reported commit is then found.
 */
class SigkillDurabilityTest {
  @TempDir Path dir;

  @Test
  void every_transition_reported_committed_is_there_after_sigkill() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                JournalChild.class.getName(),
                dir.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    Map<String, TxnState> reported = new LinkedHashMap<>();
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        String[] parts = line.split(" ");
        if (parts.length == 3 && parts[0].equals("COMMITTED")) {
          reported.put(parts[1], TxnState.valueOf(parts[2]));
        }
        if (reported.size() >= 25 && parts[2].equals("QUOTED")) {
          child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no H2 close
          break;
        }
      }
    }
    assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);

    try (JournalDatabase db = JournalDatabase.openFile(dir, true)) {
      RechargeJournal journal = new RechargeJournal(db, Clock.systemUTC(), CrashPoint.NONE);
      List<TxnState> order =
          List.of(TxnState.CREATED, TxnState.QUOTED, TxnState.PAYING, TxnState.PAID);
      for (Map.Entry<String, TxnState> e : reported.entrySet()) {
        Txn t = journal.find(e.getKey()).orElseThrow(() -> new AssertionError("lost " + e));
        assertThat(order.indexOf(t.state()))
            .as("txn %s reported %s", e.getKey(), e.getValue())
            .isGreaterThanOrEqualTo(order.indexOf(e.getValue()));
      }
    }
  }
}
