package org.gaskiosk.sim.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.random.RandomGenerator;
import org.gaskiosk.sim.broker.EmbeddedBroker;
import org.gaskiosk.sim.card.IssuerKeys;
import org.gaskiosk.sim.card.SimCardFixtures;
import org.gaskiosk.sim.central.Account;
import org.gaskiosk.sim.central.CentralConfig;
import org.gaskiosk.sim.central.CentralFixtures;
import org.gaskiosk.sim.central.CentralSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;

/**
 * The world the real-parts tests build their kiosks in, once per test class: an embedded broker,
 * the central simulator subscribed on it with seeded issuer keys (its HSM and the simulated cards
 * share them), and the account of the money purse card the tests buy for. Each kiosk a test starts
 * gets its own folder below {@link #root}.
 */
abstract class CentralWorldTestBase {
  static final String CARD = SimCardFixtures.MONEY_PURSE.cardNo();
  static Path root;
  static EmbeddedBroker broker;
  static CentralSimulator central;
  static IssuerKeys keys;

  @BeforeAll
  static void world(TestInfo test) throws Exception {
    root =
        Files.createTempDirectory(test.getTestClass().orElseThrow().getSimpleName().toLowerCase());
    broker = new EmbeddedBroker(root, 0);
    broker.start();
    keys = IssuerKeys.generate(RandomGenerator.of("L64X128MixRandom"));
    central =
        new CentralSimulator(
            CentralConfig.of(broker.uri(), root).withLoadKeys(keys::loadKeyFor),
            Clock.systemDefaultZone());
    CentralFixtures.startSubscribed(central);
    central.putAccount(Account.of(CARD, "张建国", SimCardFixtures.MONEY_PURSE.unit()));
  }

  @AfterAll
  static void end() {
    central.close();
    broker.stop();
  }
}
