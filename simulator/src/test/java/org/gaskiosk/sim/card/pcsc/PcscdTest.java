package org.gaskiosk.sim.card.pcsc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of {@link Pcscd} that need no daemon; the ITs run the real one. */
class PcscdTest {
  @TempDir Path folder;

  @Test
  void a_missing_daemon_names_the_debian_package_pcscd() throws Exception {
    Path driver = Files.createFile(folder.resolve("libifdvpcd.so"));
    assertThatThrownBy(() -> Pcscd.requireInstalled(folder.resolve("pcscd"), driver))
        .isInstanceOf(PcscUnavailableException.class)
        .hasMessageContaining("install the Debian package pcscd")
        .satisfies(
            e -> assertThat(((PcscUnavailableException) e).debianPackage()).hasValue("pcscd"));
  }

  @Test
  void a_missing_vpcd_driver_names_the_debian_package_vsmartcard_vpcd() {
    assertThatThrownBy(
            () -> Pcscd.requireInstalled(Path.of("/bin/sh"), folder.resolve("libifdvpcd.so")))
        .isInstanceOf(PcscUnavailableException.class)
        .hasMessageContaining("install the Debian package vsmartcard-vpcd");
  }

  @Test
  void the_port_is_read_from_debians_vpcd_reader_configuration() {
    String debian =
        "FRIENDLYNAME \"Virtual PCD\"\n"
            + "DEVICENAME   /dev/null:0x8C7B\n"
            + "LIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so\n"
            + "CHANNELID    0x8C7B\n";
    assertThat(VpcdConfig.portOf(debian)).isEqualTo(35963);
  }

  @Test
  void a_written_reader_configuration_names_its_port() {
    assertThat(VpcdConfig.portOf(VpcdConfig.text(41234))).isEqualTo(41234);
  }

  @Test
  void a_free_vpcd_port_leaves_the_next_port_free_for_slot_1() throws Exception {
    int port = VpcdConfig.freePort();
    try (ServerSocket slot0 = new ServerSocket(port);
        ServerSocket slot1 = new ServerSocket(port + 1)) {
      assertThat(slot1.getLocalPort()).isEqualTo(slot0.getLocalPort() + 1);
    }
  }
}
