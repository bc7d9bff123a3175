package org.gaskiosk.hw.printer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrinterLinkTest {

  @Test
  void a_missing_device_node_is_refused_and_no_file_is_created_in_its_place(@TempDir Path dir) {
    Path node = dir.resolve("lp0");

    assertThatThrownBy(() -> PrinterLink.openDevice(node))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no printer device at");
    assertThat(node).doesNotExist();
  }

  @Test
  void a_plain_file_is_not_taken_for_a_printer(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("lp0"), "");

    assertThatThrownBy(() -> PrinterLink.openDevice(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("plain file");
    assertThat(file).isEmptyFile();
  }

  @Test
  void a_character_device_opens_in_both_directions() throws IOException {
    // /dev/null is a character device on every Linux: it stands in for /dev/usb/lp0.
    try (PrinterLink link = PrinterLink.openDevice(Path.of("/dev/null"))) {
      link.toPrinter().write(new byte[] {0x1B, 0x40});
      assertThat(link.fromPrinter().read()).isEqualTo(-1);
    }
  }
}
