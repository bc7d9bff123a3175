package org.gaskiosk.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.gaskiosk.core.fleet.Faults;
import org.gaskiosk.core.fleet.KioskMode;
import org.gaskiosk.core.journal.PendingEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReaderFleetFaultsTest {
  @TempDir Path dir;
  private final List<PendingEvent> events = new ArrayList<>();
  private String health = "ok";

  @Test
  void a_missing_reader_is_raised_once_takes_the_kiosk_out_of_service_and_clears_when_back() {
    Faults faults =
        new Faults(
            events::addAll,
            dir.resolve("fleet-state.json"),
            Clock.systemUTC(),
            Set.of("card-reader"));
    ReaderFleetFaults reader = new ReaderFleetFaults(() -> health, faults);

    reader.check();
    assertThat(events).isEmpty();

    health = "no reader";
    reader.check();
    reader.check();
    assertThat(events)
        .extracting(PendingEvent::type)
        .containsExactly("fault.raised", "mode.changed");
    assertThat(events.get(0).body()).containsEntry("code", "no-reader");
    assertThat(faults.mode().kind()).isEqualTo(KioskMode.Kind.OUT_OF_SERVICE);

    health = "ok";
    reader.check();
    assertThat(events)
        .extracting(PendingEvent::type)
        .containsExactly("fault.raised", "mode.changed", "fault.cleared", "mode.changed");
    assertThat(faults.mode().serving()).isTrue();
  }

  @Test
  void names_the_kind_of_reader_trouble() {
    assertThat(ReaderFleetFaults.code("no reader matching 'ACS'")).isEqualTo("no-reader");
    assertThat(ReaderFleetFaults.code("pc/sc service lost, restart the controller: x"))
        .isEqualTo("service-lost");
    assertThat(ReaderFleetFaults.code("reader error: SCARD_E_X")).isEqualTo("reader-error");
  }
}
