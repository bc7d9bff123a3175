package org.gaskiosk.sim.card.pcsc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * pcsc-lite's daemon, as the simulator uses it: started in the foreground ({@code pcscd
 * --foreground}: no systemd, no socket activation, no {@code --auto-exit}, which would stop it
 * after 60 s without clients) by this JVM, or an already running one reused.
 *
 * <p>pcscd 1.9.9 always serves {@code /run/pcscd/pcscd.comm} (it has no option for another socket)
 * and reads its readers from {@code /etc/reader.conf.d} or the directory given with {@code -c};
 * vsmartcard's {@code /etc/reader.conf.d/vpcd} makes it listen for a virtual card on TCP 35963
 * (slot 0) and 35964 (slot 1). Readers from that directory are read once at start: sending pcscd
 * SIGUSR1 ({@code pcscd --hotplug}) neither adds nor removes them.
 *
 * <p>{@link #startPrivate} runs a pcscd that belongs to one JVM alone: in a private mount namespace
 * (util-linux {@code unshare}) a folder of the caller is mounted over {@code /run}, so the socket
 * appears in that folder, its own reader configuration puts vpcd on a free port, and the USB
 * drivers are hidden so it never claims a real reader. The JVM's libpcsclite finds that socket
 * through the {@value #SOCKET_ENV} environment variable, which must be set when the JVM starts (the
 * failsafe configuration does it). A system pcscd, its readers and its port 35963 are neither used
 * nor disturbed, and two builds on one machine do not clash.
 */
public final class Pcscd implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Pcscd.class);

  /** libpcsclite's client reads the daemon's socket path from this variable at first use. */
  public static final String SOCKET_ENV = "PCSCLITE_CSOCK_NAME";

  public static final Path SYSTEM_SOCKET = Path.of("/run/pcscd/pcscd.comm");
  static final Path DAEMON = Path.of("/usr/sbin/pcscd");

  private static final String READY = "daemon ready";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  private final List<String> command;
  private final Path socket;
  private final OptionalInt vpcdPort;
  private final Path log;
  private Process process;

  private Pcscd(List<String> command, Path socket, OptionalInt vpcdPort, Path log) {
    this.command = command;
    this.socket = socket;
    this.vpcdPort = vpcdPort;
    this.log = log;
  }

  /**
   * Checks that pcscd and vsmartcard's vpcd driver are installed.
   *
   * @throws PcscUnavailableException naming the missing Debian package
   */
  public static void requireInstalled() {
    requireInstalled(DAEMON, VpcdConfig.DRIVER);
  }

  static void requireInstalled(Path daemon, Path vpcdDriver) {
    if (!Files.isExecutable(daemon)) {
      throw PcscUnavailableException.missing("the PC/SC daemon " + daemon, "pcscd");
    }
    if (!Files.exists(vpcdDriver)) {
      throw PcscUnavailableException.missing(
          "vsmartcard's virtual reader driver " + vpcdDriver, "vsmartcard-vpcd");
    }
  }

  /** Whether a pcscd (or systemd's activation socket for it) accepts connections on the socket. */
  public static boolean answers(Path socket) {
    if (!Files.exists(socket)) {
      return false;
    }
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Starts a pcscd for this JVM alone (see the class comment).
   *
   * @param socket where the socket must appear, {@code <folder>/pcscd/pcscd.comm}; the JVM's
   *     {@value #SOCKET_ENV} must name it
   * @param vpcdPort the virtual reader's port (slot 1 takes the next port); empty: no reader at all
   */
  public static Pcscd startPrivate(Path socket, OptionalInt vpcdPort) throws IOException {
    requireInstalled();
    socket = socket.toAbsolutePath();
    Path pcscdDir = socket.getParent();
    if (!socket.getFileName().toString().equals("pcscd.comm")
        || !pcscdDir.getFileName().toString().equals("pcscd")) {
      throw new IllegalArgumentException("the socket must be <folder>/pcscd/pcscd.comm: " + socket);
    }
    Path run = pcscdDir.getParent();
    Path base = run.getParent();
    Path conf = base.resolve("reader.conf.d");
    Path driver = base.resolve("vpcd-driver");
    Files.createDirectories(driver);
    Files.createDirectories(run);
    Files.createDirectories(conf);
    Files.deleteIfExists(conf.resolve("vpcd"));
    if (vpcdPort.isPresent()) {
      Files.writeString(
          conf.resolve("vpcd"),
          VpcdConfig.text(
              vpcdPort.getAsInt(), driver.resolve(VpcdConfig.DRIVER.getFileName().toString())));
    }
    if (answers(socket)) {
      throw new PcscUnavailableException(
          "a pcscd from an earlier run still serves "
              + socket
              + " (pid file "
              + pcscdDir.resolve("pcscd.pid")
              + "): stop it first",
          (String) null);
    }
    List<String> command = new ArrayList<>(List.of("unshare"));
    if (!isRoot()) {
      command.addAll(List.of("--user", "--map-root-user"));
    }
    command.addAll(
        List.of(
            "--mount",
            "--propagation",
            "private",
            "--",
            "/bin/sh",
            "-c",
            // /run: the socket's folder. The USB drivers are hidden (a tmpfs over pcscd's driver
            // folder) so this pcscd never claims a real reader; vpcd's driver stays reachable
            // through a bind mount made before.
            "mount --bind \"$1\" /run && mount --bind \"$4\" \"$5\""
                + " && mount -t tmpfs -o size=64k tmpfs \"$6\""
                + " && exec \"$2\" --foreground --info -c \"$3\"",
            "sh",
            run.toString(),
            DAEMON.toString(),
            conf.toString(),
            VpcdConfig.DRIVER.getParent().toString(),
            driver.toString(),
            VpcdConfig.DRIVER.getParent().getParent().toString()));
    Pcscd pcscd = new Pcscd(List.copyOf(command), socket, vpcdPort, base.resolve("pcscd.log"));
    pcscd.launch();
    return pcscd;
  }

  /**
   * The machine's pcscd for the demo: reused when one answers on {@link #SYSTEM_SOCKET} (a systemd
   * activation socket counts), else started here as {@code pcscd --foreground} with the readers of
   * {@code readerConfDir} (needs the rights to create {@code /run/pcscd}, in practice root).
   */
  public static Pcscd system(Path readerConfDir) throws IOException {
    requireInstalled();
    Path vpcd = readerConfDir.resolve("vpcd");
    OptionalInt port =
        Files.exists(vpcd)
            ? OptionalInt.of(VpcdConfig.portOf(Files.readString(vpcd)))
            : OptionalInt.empty();
    if (answers(SYSTEM_SOCKET)) {
      LOG.info("reusing the pcscd that answers at {}", SYSTEM_SOCKET);
      return new Pcscd(List.of(), SYSTEM_SOCKET, port, null);
    }
    List<String> command = new ArrayList<>(List.of(DAEMON.toString(), "--foreground", "--info"));
    if (!readerConfDir.equals(VpcdConfig.SYSTEM.getParent())) {
      command.addAll(List.of("-c", readerConfDir.toString()));
    }
    Pcscd pcscd =
        new Pcscd(
            List.copyOf(command),
            SYSTEM_SOCKET,
            port,
            Files.createTempFile("gaskiosk-pcscd", ".log"));
    try {
      pcscd.launch();
    } catch (PcscUnavailableException e) {
      throw new PcscUnavailableException(
          e.getMessage()
              + " (starting pcscd needs root; otherwise start the system's: systemctl start"
              + " pcscd.socket)",
          e);
    }
    return pcscd;
  }

  /** A pcscd that already answers on {@code socket}: used, never stopped or restarted. */
  public static Pcscd reuse(Path socket, int vpcdPort) {
    if (!answers(socket)) {
      throw new PcscUnavailableException("no pcscd answers at " + socket, (String) null);
    }
    return new Pcscd(List.of(), socket, OptionalInt.of(vpcdPort), null);
  }

  /** Where the virtual card connects for the reader's slot 0. */
  public Optional<InetSocketAddress> vpcdAddress() {
    return vpcdPort.isPresent()
        ? Optional.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), vpcdPort.getAsInt()))
        : Optional.empty();
  }

  public Path socket() {
    return socket;
  }

  /** Whether this object started the daemon (and so may stop or restart it). */
  public synchronized boolean owned() {
    return process != null;
  }

  public synchronized long pid() {
    if (process == null) {
      throw new IllegalStateException("this pcscd was not started here");
    }
    return process.pid();
  }

  /** The daemon's own log (its stdout and stderr), when started here. */
  public Optional<Path> log() {
    return Optional.ofNullable(log);
  }

  /**
   * Stops the daemon and starts it again with the same configuration, as systemd does after a
   * crash. {@code crash}: SIGKILL (no clean-up) instead of SIGTERM.
   */
  public synchronized void restart(boolean crash) throws IOException {
    requireOwned();
    stopProcess(crash);
    launch();
  }

  /** Stops a daemon started here (SIGTERM); {@link #start} runs it again. */
  public synchronized void stop() {
    requireOwned();
    if (process.isAlive()) {
      stopProcess(false);
    }
  }

  /** Starts a daemon stopped with {@link #stop} again, with the same configuration. */
  public synchronized void start() throws IOException {
    requireOwned();
    if (!process.isAlive()) {
      launch();
    }
  }

  /** Stops the daemon if it was started here; a reused daemon is left alone. */
  @Override
  public synchronized void close() {
    if (process != null) {
      if (process.isAlive()) {
        stopProcess(false);
      }
      process = null;
    }
  }

  private void launch() throws IOException {
    LOG.info("starting pcscd: {}", String.join(" ", command));
    long logStart = Files.exists(log) ? Files.size(log) : 0;
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    // The socket answers before the readers are set up; "daemon ready" (--info) comes after.
    while (!answers(socket) || !logSince(logStart).contains(READY)) {
      if (!process.isAlive()) {
        int exit = process.exitValue();
        process = null;
        throw new PcscUnavailableException(
            "pcscd exited with code " + exit + " before serving " + socket + ": " + logTail(),
            (String) null);
      }
      if (System.nanoTime() > deadline) {
        stopProcess(true);
        process = null;
        throw new PcscUnavailableException(
            "pcscd did not serve " + socket + " within " + START_TIMEOUT + ": " + logTail(),
            (String) null);
      }
      pause();
    }
    LOG.info("pcscd (pid {}) serves {}", process.pid(), socket);
  }

  private void stopProcess(boolean kill) {
    if (kill) {
      process.destroyForcibly();
    } else {
      process.destroy();
    }
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("pcscd (pid {}) ignored SIGTERM, killing it", process.pid());
        process.destroyForcibly();
        process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("pcscd (pid {}) stopped", process.pid());
  }

  private void requireOwned() {
    if (process == null) {
      throw new IllegalStateException(
          "the pcscd at " + socket + " was not started here: it is not ours to restart");
    }
  }

  private String logSince(long offset) {
    try {
      if (log == null) {
        return "";
      }
      byte[] all = Files.readAllBytes(log);
      return new String(
          all,
          (int) Math.min(offset, all.length),
          (int) Math.max(0, all.length - offset),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** The last lines pcscd wrote, for failure messages. */
  public String logTail() {
    if (log == null) {
      return "(pcscd was not started here)";
    }
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static void pause() {
    try {
      TimeUnit.MILLISECONDS.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PcscUnavailableException("interrupted while waiting for pcscd", e);
    }
  }
}
