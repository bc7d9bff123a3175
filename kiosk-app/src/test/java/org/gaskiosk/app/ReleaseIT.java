package org.gaskiosk.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release tarball {@code mvn package} builds, its install script (shellcheck, and run twice
 * into a test root with DESTDIR) and its systemd unit ({@code systemd-analyze verify}). The tools
 * are Debian packages scripts/test.sh installs; a missing tool fails the test.
 */
class ReleaseIT {
  @TempDir Path dir;
  private Path release;

  @BeforeEach
  void unpack() throws Exception {
    List<Path> tarballs;
    try (Stream<Path> s = Files.list(Path.of("target"))) {
      tarballs =
          s.filter(p -> p.getFileName().toString().matches("gaskiosk-.*\\.tar\\.gz")).toList();
    }
    assertThat(tarballs).as("the release mvn package builds").hasSize(1);
    Files.createDirectories(dir.resolve("release"));
    ProcessRun.run(
        List.of(
            "tar",
            "-xzf",
            tarballs.get(0).toAbsolutePath().toString(),
            "-C",
            dir.resolve("release").toString()),
        Map.of());
    try (Stream<Path> s = Files.list(dir.resolve("release"))) {
      release = s.findFirst().orElseThrow();
    }
  }

  @Test
  void the_release_holds_the_controller_its_template_units_launcher_udev_rules_and_installer()
      throws Exception {
    for (String f :
        List.of(
            "lib/kiosk-app.jar",
            "etc/kiosk.properties",
            "etc/secrets.properties",
            "systemd/gaskiosk.service",
            "sysusers/gaskiosk.conf",
            "udev/99-gaskiosk.rules",
            "labwc/autostart",
            "share/raspberry-pi.md")) {
      assertThat(release.resolve(f)).as(f).isRegularFile();
    }
    assertThat(Files.isExecutable(release.resolve("install.sh"))).isTrue();
    assertThat(Files.isExecutable(release.resolve("bin/kiosk-browser"))).isTrue();
    assertThat(Files.isExecutable(release.resolve("bin/gaskiosk-cds"))).isTrue();
    try (JarFile jar = new JarFile(release.resolve("lib/kiosk-app.jar").toFile())) {
      var main = jar.getManifest().getMainAttributes();
      assertThat(main.getValue("Main-Class")).isEqualTo(Main.class.getName());
      for (String entry : main.getValue("Class-Path").split(" ")) {
        assertThat(release.resolve("lib").resolve(entry)).as("Class-Path entry").isRegularFile();
      }
    }
    assertThat(Files.readString(release.resolve("udev/99-gaskiosk.rules")))
        .contains(
            "SYMLINK+=\"kiosk-acceptor\"",
            "SYMLINK+=\"kiosk-printer\"",
            "SYMLINK+=\"kiosk-scanner\"");
  }

  @Test
  void the_install_script_the_browser_launcher_and_the_cds_script_pass_shellcheck()
      throws Exception {
    ProcessRun r =
        ProcessRun.run(
            List.of(
                "shellcheck",
                release.resolve("install.sh").toString(),
                release.resolve("bin/kiosk-browser").toString(),
                release.resolve("bin/gaskiosk-cds").toString()),
            Map.of());
    assertThat(r.exit()).as(r.output()).isZero();
  }

  @Test
  void installing_twice_into_a_test_root_gives_the_same_sane_tree() throws Exception {
    Path root = dir.resolve("root");
    install(root);
    Map<String, String> first = snapshot(root);
    install(root);
    Map<String, String> second = snapshot(root);

    assertThat(second).isEqualTo(first);
    assertThat(Files.readString(root.resolve("etc/passwd")))
        .containsPattern("(?m)^gaskiosk:x:\\d+:\\d+:[^:]*:/var/lib/gaskiosk:/usr/sbin/nologin$");
    String groups = Files.readString(root.resolve("etc/group"));
    for (String g : List.of("dialout", "gpio", "input", "lp")) {
      assertThat(groups).containsPattern("(?m)^" + g + ":x:\\d+:gaskiosk$");
    }
    assertThat(
            Files.mismatch(
                root.resolve("opt/gaskiosk/lib/kiosk-app.jar"),
                release.resolve("lib/kiosk-app.jar")))
        .isEqualTo(-1L);
    assertThat(
            Files.readSymbolicLink(
                root.resolve("etc/systemd/system/multi-user.target.wants/gaskiosk.service")))
        .isEqualTo(Path.of("/etc/systemd/system/gaskiosk.service"));
    assertThat(
            Files.readString(
                root.resolve("etc/systemd/system/gaskiosk.service.d/10-pcsclite.conf")))
        .contains("PCSCLITE_LIBRARY=/usr/lib/aarch64-linux-gnu/libpcsclite.so.1");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(root.resolve("etc/gaskiosk/secrets.properties"))))
        .isEqualTo("rw-r-----");
    assertThat(
            Files.mismatch(
                root.resolve("etc/gaskiosk/kiosk.properties"),
                release.resolve("etc/kiosk.properties")))
        .isEqualTo(-1L);
    assertThat(Files.readString(root.resolve("home/kiosk/.config/labwc/autostart")))
        .contains("/opt/gaskiosk/bin/kiosk-browser");
    assertThat(root.resolve("opt/gaskiosk/lib.new")).doesNotExist();
  }

  @Test
  void a_reinstall_keeps_the_operators_configuration_and_drops_jars_of_the_old_release()
      throws Exception {
    Path root = dir.resolve("root");
    Path userAutostart = root.resolve("home/kiosk/.config/labwc/autostart");
    Files.createDirectories(userAutostart.getParent());
    Files.writeString(userAutostart, "wf-panel-pi &\n");
    install(root);
    Path config = root.resolve("etc/gaskiosk/kiosk.properties");
    Files.writeString(config, "kiosk.id=K0042\n", StandardOpenOption.APPEND);
    Files.writeString(root.resolve("opt/gaskiosk/lib/stale-1.0.jar"), "old");

    install(root);

    assertThat(Files.readString(config)).endsWith("kiosk.id=K0042\n");
    assertThat(root.resolve("opt/gaskiosk/lib/stale-1.0.jar")).doesNotExist();
    assertThat(Files.readString(userAutostart.resolveSibling("autostart.before-gaskiosk")))
        .isEqualTo("wf-panel-pi &\n");
  }

  @Test
  void the_installed_unit_passes_systemd_analyze_verify_without_a_warning() throws Exception {
    Path root = dir.resolve("root");
    install(root);
    Path unit = root.resolve("etc/systemd/system/gaskiosk.service");

    ProcessRun ok = ProcessRun.run(List.of("systemd-analyze", "verify", unit.toString()), Map.of());
    assertThat(ok.exit()).as(ok.output()).isZero();
    assertThat(ok.output()).as("warnings count as failures").isEmpty();

    // The check can fail: the same unit with a java that does not exist is refused.
    Path broken = dir.resolve("broken/gaskiosk.service");
    Files.createDirectories(broken.getParent());
    Files.writeString(
        broken,
        Files.readString(unit).replace("ExecStart=/usr/bin/java", "ExecStart=/opt/missing/java"));
    ProcessRun refused =
        ProcessRun.run(List.of("systemd-analyze", "verify", broken.toString()), Map.of());
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.output()).contains("/opt/missing/java");
  }

  private void install(Path root) throws Exception {
    Files.createDirectories(root);
    ProcessRun r =
        ProcessRun.run(
            List.of("bash", release.resolve("install.sh").toString()),
            Map.of(
                "DESTDIR", root.toString(), "KIOSK_DESKTOP_USER", "kiosk", "KIOSK_ARCH", "arm64"));
    assertThat(r.exit()).as(r.output()).isZero();
  }

  /** Every path under {@code root}: type, permissions and content hash or link target. */
  private static Map<String, String> snapshot(Path root) throws Exception {
    Map<String, String> out = new TreeMap<>();
    List<Path> all;
    try (Stream<Path> s = Files.walk(root)) {
      all = s.toList();
    }
    for (Path p : all) {
      String mode =
          PosixFilePermissions.toString(
              Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
      String what;
      if (Files.isSymbolicLink(p)) {
        what = "link " + Files.readSymbolicLink(p);
      } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        what = "dir " + mode;
      } else {
        what =
            "file "
                + mode
                + " "
                + HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
      }
      out.put(root.relativize(p).toString(), what);
    }
    return out;
  }
}
