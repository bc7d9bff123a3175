package org.gaskiosk.sim.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import org.gaskiosk.core.domain.CardFamily;
import org.gaskiosk.core.domain.CardUnit;
import org.gaskiosk.sim.card.IssuerKeys;
import org.gaskiosk.sim.card.SimCardFixtures;
import org.gaskiosk.sim.central.Account;
import org.gaskiosk.sim.central.CentralConfig;
import org.gaskiosk.sim.central.CentralSimulator;

/**
 * What the kiosks of a benchmark talk to: Mosquitto started by the benchmark and the central
 * simulator on it, with accounts for the fixture cards and the issuer keys the cards were made with
 * (saved to a file so a child controller process uses the same).
 */
final class BenchWorld implements AutoCloseable {
  final Path folder;
  final BenchBroker broker;
  final IssuerKeys keys;
  final Path keysFile;
  final CentralSimulator central;

  BenchWorld(Path folder) throws IOException {
    this.folder = folder;
    Files.createDirectories(folder);
    keysFile = folder.resolve("issuer-keys.properties");
    keys = IssuerKeys.loadOrCreate(keysFile, new Random(20261127));
    broker = new BenchBroker(folder.resolve("mosquitto"));
    broker.start();
    try {
      central =
          new CentralSimulator(
              CentralConfig.of(broker.uri(), folder).withLoadKeys(keys::loadKeyFor),
              Clock.systemUTC());
      central.start();
      for (SimCardFixtures.Fixture f : SimCardFixtures.CARDS) {
        if (f.family() != CardFamily.TOOL && central.account(f.cardNo()).isEmpty()) {
          central.putAccount(Account.of(f.cardNo(), "bench", f.unit()));
        }
      }
      for (String cardNo : BenchKiosk.BENCH_CARDS) {
        if (central.account(cardNo).isEmpty()) {
          central.putAccount(Account.of(cardNo, "bench", CardUnit.FEN));
        }
      }
      central.requireSubscribed(Duration.ofSeconds(15));
    } catch (IOException | RuntimeException e) {
      broker.close();
      throw e;
    } catch (InterruptedException e) {
      broker.close();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the central simulator", e);
    }
  }

  @Override
  public void close() {
    central.close();
    broker.close();
  }
}
