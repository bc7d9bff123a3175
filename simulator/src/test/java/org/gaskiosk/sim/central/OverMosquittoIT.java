package org.gaskiosk.sim.central;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The same uplink and central contract over Debian's Mosquitto 2 started by the test, with
 * passwords and the per-kiosk ACL in force (so every test also proves the ACL lets a kiosk do its
 * own work).
 */
@ExtendWith(SharedMosquitto.class)
class OverMosquittoIT {

  @Nested
  class Uplink extends UplinkSuite {
    @Override
    protected TestBroker broker() {
      return SharedMosquitto.broker();
    }
  }

  @Nested
  class Ledger extends CentralLedgerSuite {
    @Override
    protected TestBroker broker() {
      return SharedMosquitto.broker();
    }
  }

  @Nested
  class Requests extends CentralRequestsSuite {
    @Override
    protected TestBroker broker() {
      return SharedMosquitto.broker();
    }
  }

  @Nested
  class Fleet extends FleetSuite {
    @Override
    protected TestBroker broker() {
      return SharedMosquitto.broker();
    }
  }

  @Nested
  class QrPurchases extends QrPurchaseSuite {
    @Override
    protected TestBroker broker() {
      return SharedMosquitto.broker();
    }
  }
}
