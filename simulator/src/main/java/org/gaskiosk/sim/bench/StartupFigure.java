package org.gaskiosk.sim.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Figure 3: a controller in a child JVM with the production unit's JVM options: the time from
 * starting the JVM to ready (API served, devices open, broker connected), and its resident memory
 * (VmRSS) after the purchases.
 */
final class StartupFigure {
  /**
   * The JVM options of the production unit (kiosk-app/src/dist/systemd/gaskiosk.service): the heap
   * cap, and the collector, compiler and code caches chosen for it, which decide resident memory as
   * much as the heap does. A bare {@code -Xmx64m} on this 2-core machine would get G1 and C2.
   * {@code StartupFigureTest} keeps the two in step.
   */
  static final List<String> JVM =
      List.of(
          "-Xmx64m",
          "-XX:+UseSerialGC",
          "-XX:MaxMetaspaceSize=96m",
          "-XX:ReservedCodeCacheSize=48m",
          "-XX:TieredStopAtLevel=1");

  /** The unit's environment for the JVM: glibc's per-thread malloc arenas cost tens of MB. */
  static final Map<String, String> ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

  private StartupFigure() {}

  /** One child controller's start and purchases. */
  private record Child(
      long readyNanos, long rssReadyKb, long rssKb, long purchasesNanos, ObjectNode phases) {}

  /**
   * Two children, as the unit runs the controller (kiosk-app/src/dist/bin/gaskiosk-cds): the first
   * start after an install records the classes it loads and writes them as a class archive at its
   * clean exit; every later start maps that archive. The figure is the later start's; the first
   * start's is beside it.
   */
  static ObjectNode run(BenchWorld world, Path folder, int purchases) throws Exception {
    Path archive = folder.toAbsolutePath().resolve("kiosk.jsa");
    Files.deleteIfExists(archive);
    Child first =
        child(
            world, folder.resolve("first-start"), purchases, "-XX:ArchiveClassesAtExit=" + archive);
    boolean cds = Files.isRegularFile(archive);
    Child later =
        cds
            ? child(
                world,
                folder.resolve("with-archive"),
                purchases,
                "-XX:SharedArchiveFile=" + archive)
            : first;
    ObjectNode f = Figures.figure("startup");
    f.put("heap", String.join(" ", JVM));
    f.put("classArchive", cds ? "mapped (" + Files.size(archive) / (1024 * 1024) + " MB)" : "none");
    f.put("readyMs", Figures.millis(later.readyNanos()));
    f.put("readyMsFirstStart", Figures.millis(first.readyNanos()));
    f.set("phasesMsSinceJvmStart", later.phases());
    f.set("phasesMsSinceJvmStartFirstStart", first.phases());
    f.put("rssAtReadyMb", Figures.round(later.rssReadyKb() / 1024.0));
    f.put("purchases", purchases);
    f.put("rssAfterPurchasesMb", Figures.round(later.rssKb() / 1024.0));
    f.put("rssAfterPurchasesMbFirstStart", Figures.round(first.rssKb() / 1024.0));
    f.put("purchasesPerSecond", Figures.round(purchases / (later.purchasesNanos() / 1e9)));
    f.put(
        "note",
        "ready = JVM exec to API served, devices open and uplink connected, for a start with the"
            + " class archive the first start wrote at its clean exit (as the unit does); RSS ="
            + " VmRSS of the child JVM");
    Figures.goal(f, "start-up ms", later.readyNanos() / 1e6, 1500, true);
    ObjectNode g = f.putObject("goalMemory");
    ObjectNode tmp = Figures.figure("tmp");
    Figures.goal(tmp, "resident MB after purchases", later.rssKb() / 1024.0, 150, true);
    g.setAll((ObjectNode) tmp.get("goal"));
    return f;
  }

  private static Child child(BenchWorld world, Path folder, int purchases, String cdsOption)
      throws Exception {
    Files.createDirectories(folder);
    BenchKiosk.prepareCards(folder.resolve("cards"), world.keys);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(JVM);
    cmd.add(cdsOption);
    cmd.add("--add-opens");
    cmd.add("java.smartcardio/sun.security.smartcardio=ALL-UNNAMED");
    cmd.add("-cp");
    Path self = BenchMain.jarOrClasses();
    cmd.add(Files.isDirectory(self) ? System.getProperty("java.class.path") : self.toString());
    cmd.add(ControllerChild.class.getName());
    cmd.add(world.broker.uri());
    cmd.add(folder.toAbsolutePath().toString());
    cmd.add(world.keysFile.toAbsolutePath().toString());
    cmd.add(String.valueOf(purchases));
    long start = System.nanoTime();
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(ENVIRONMENT);
    Process p =
        pb.redirectError(ProcessBuilder.Redirect.appendTo(folder.resolve("stderr").toFile()))
            .start();
    Thread reaper = new Thread(p::destroyForcibly, "stop-bench-child");
    Runtime.getRuntime().addShutdownHook(reaper);
    // A child that hangs must not hang the benchmark.
    CompletableFuture.delayedExecutor(30, TimeUnit.MINUTES).execute(p::destroyForcibly);
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      ObjectNode phases = Figures.JSON.createObjectNode();
      expect(in, "READY", p, folder, phases);
      long readyNanos = System.nanoTime() - start;
      long rssReady = vmRssKb(p.pid());
      long purchasesStart = System.nanoTime();
      expect(in, "DONE", p, folder, phases);
      long purchasesNanos = System.nanoTime() - purchasesStart;
      long rss = vmRssKb(p.pid());
      p.getOutputStream().close(); // a clean exit: the first start writes its class archive now
      return new Child(readyNanos, rssReady, rss, purchasesNanos, phases);
    } finally {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      Runtime.getRuntime().removeShutdownHook(reaper);
    }
  }

  private static void expect(
      BufferedReader in, String word, Process p, Path folder, ObjectNode phases)
      throws IOException {
    String line;
    while ((line = in.readLine()) != null) {
      if (line.equals(word)) {
        return;
      }
      if (line.startsWith("PHASE ")) {
        String[] w = line.split(" ");
        phases.put(w[1], Long.parseLong(w[2]));
      }
    }
    throw new IllegalStateException(
        "the child controller ended before "
            + word
            + " (exit "
            + (p.isAlive() ? "?" : p.exitValue())
            + "); see "
            + folder.resolve("stderr")
            + " and "
            + folder.resolve("logs"));
  }

  /** Resident set size of a process, from /proc (Linux). */
  static long vmRssKb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS for process " + pid);
  }
}
