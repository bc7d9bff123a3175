package org.gaskiosk.sim.card;

import static org.assertj.core.api.Assertions.assertThat;

import org.gaskiosk.core.port.CardOpening;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The card contract over the in-process javax.smartcardio provider. */
class InProcessCardTransportTest {

  @Nested
  class Contract extends CardContractSuite {
    @Override
    protected CardTransport.Factory transport() {
      return CardTransport::inProcess;
    }

    /**
     * Only this transport can unplug its reader (pcscd 1.9.9 cannot unplug vpcd's); PcscNoReaderIT
     * covers "no reader" on the real stack.
     */
    @Test
    void an_unplugged_reader_is_reported_as_no_reader_and_no_card() {
      bench.insert(MONEY);
      bench.slot.setReaderAttached(false);
      assertThat(bench.reader.health()).isEqualTo("no reader");
      assertThat(bench.reader.isCardPresent()).isFalse();
      assertThat(bench.reader.open()).isInstanceOf(CardOpening.Failed.class);
      bench.slot.setReaderAttached(true);
      assertThat(bench.reader.health()).isEqualTo("ok");
    }
  }

  @Nested
  class Tearing extends CardTearingSuite {
    @Override
    protected CardTransport.Factory transport() {
      return CardTransport::inProcess;
    }
  }

  @Nested
  class Memory extends MemoryCardSuite {
    @Override
    protected CardTransport.Factory transport() {
      return CardTransport::inProcess;
    }
  }

  @Nested
  class Fuzz extends CardFuzzSuite {
    @Override
    protected CardTransport.Factory transport() {
      return CardTransport::inProcess;
    }
  }
}
