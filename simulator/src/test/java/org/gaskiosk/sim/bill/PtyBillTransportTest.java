package org.gaskiosk.sim.bill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PtyBillTransportTest {

  @Test
  void a_missing_socat_fails_with_the_command_that_installs_it() {
    assertThatThrownBy(() -> PtyBillTransport.socatOn("/nonexistent-dir"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("socat is not installed")
        .hasMessageContaining("apt-get install socat");
  }

  @Test
  void socat_is_found_on_this_machines_path() {
    assertThat(PtyBillTransport.socat()).isExecutable();
  }
}
