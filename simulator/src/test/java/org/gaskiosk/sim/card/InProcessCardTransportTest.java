package org.gaskiosk.sim.card;

import org.junit.jupiter.api.Nested;

/** The card contract over the in-process javax.smartcardio provider. */
class InProcessCardTransportTest {

  @Nested
  class Contract extends CardContractSuite {
    @Override
    protected CardTransport.Factory transport() {
      return CardTransport::inProcess;
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
  class Fuzz extends CardFuzzSuite {
    @Override
    protected CardTransport.Factory transport() {
      return CardTransport::inProcess;
    }
  }
}
