package org.gaskiosk.sim.central;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/** The uplink and central contract over HiveMQ CE embedded (the demo's broker). */
@ExtendWith(SharedBroker.class)
class OverHiveMqTest {

  @Nested
  class Uplink extends UplinkSuite {
    @Override
    protected TestBroker broker() {
      return SharedBroker.broker();
    }
  }

  @Nested
  class Ledger extends CentralLedgerSuite {
    @Override
    protected TestBroker broker() {
      return SharedBroker.broker();
    }
  }

  @Nested
  class Requests extends CentralRequestsSuite {
    @Override
    protected TestBroker broker() {
      return SharedBroker.broker();
    }
  }

  @Nested
  class CardService extends CardServiceSuite {
    @Override
    protected TestBroker broker() {
      return SharedBroker.broker();
    }
  }

  @Nested
  class Fleet extends FleetSuite {
    @Override
    protected TestBroker broker() {
      return SharedBroker.broker();
    }
  }

  @Nested
  class QrPurchases extends QrPurchaseSuite {
    @Override
    protected TestBroker broker() {
      return SharedBroker.broker();
    }
  }
}
