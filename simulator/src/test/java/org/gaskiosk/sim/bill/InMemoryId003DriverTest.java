package org.gaskiosk.sim.bill;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The driver contract over the in-memory pipe, plus what only an in-memory cable can do. */
class InMemoryId003DriverTest extends Id003DriverContract {
  private InMemoryBillTransport memory;

  @Override
  BillTransport newTransport() {
    memory = InMemoryBillTransport.start();
    return new BillTransport() {
      @Override
      public Id003Device device() {
        return memory.device();
      }

      @Override
      public org.gaskiosk.hw.bill.id003.Id003Link.Opener driverOpener() {
        return memory.driverOpener();
      }

      @Override
      public void close() {
        memory.close();
      }
    };
  }

  @Test
  void an_unplugged_port_is_link_lost_and_replugging_it_restores_the_link_and_the_settings() {
    memory.pipe().unplug();
    await().until(() -> faults.active.containsKey("link-lost"));
    assertThat(acceptor.isEnabled()).isFalse();

    memory.pipe().plugIn();
    await().until(() -> faults.events.contains("cleared link-lost link-restored"));
    await().until(acceptor::isEnabled);
    device.insert(Denomination.Y10);
    await().until(() -> listener.creditedTotal() == 1_000L);
  }
}
