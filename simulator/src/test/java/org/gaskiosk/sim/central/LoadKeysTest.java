package org.gaskiosk.sim.central;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.gaskiosk.hw.card.pboc.PbocCrypto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadKeysTest {
  @TempDir Path dir;

  @Test
  void generates_the_master_key_at_first_start_keeps_it_private_and_reuses_it() throws Exception {
    Path file = dir.resolve("central/load-master-key.hex");

    byte[] first = LoadKeys.loadOrCreate(file).loadKeyFor("3100000000000001");
    byte[] again = LoadKeys.loadOrCreate(file).loadKeyFor("3100000000000001");

    assertThat(first).isEqualTo(again).hasSize(16);
    assertThat(Files.readString(file).strip()).matches("[0-9A-F]{32}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    byte[] master = java.util.HexFormat.of().parseHex(Files.readString(file).strip());
    assertThat(first).isEqualTo(PbocCrypto.diversify(master, "3100000000000001"));
  }
}
