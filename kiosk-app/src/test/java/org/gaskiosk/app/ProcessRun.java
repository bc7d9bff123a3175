package org.gaskiosk.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A finished command of the release tests: exit status and output (stdout and stderr together). The
 * command never inherits this JVM's {@code JDK_JAVA_OPTIONS}: a class-archive option there would
 * change every java it runs.
 */
record ProcessRun(int exit, String output) {
  static ProcessRun run(List<String> command, Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
    pb.environment().remove("JDK_JAVA_OPTIONS");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(command + " finished").isTrue();
    return new ProcessRun(p.exitValue(), out);
  }
}
