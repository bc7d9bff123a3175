package org.gaskiosk.sim.card;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.random.RandomGenerator;
import org.gaskiosk.core.io.AtomicFiles;
import org.gaskiosk.hw.card.pboc.Hex;
import org.gaskiosk.hw.card.pboc.PbocCrypto;

/**
 * The issuer master keys of the simulated world: the load master key (per-card DLK) and the TAC
 * master key (per-card DTK). In the real world they live in the issuer's HSM; here the simulated
 * cards and the central simulator share them. Never written into source: the demo generates them at
 * first start and keeps them in its data folder, tests generate their own.
 */
public final class IssuerKeys {
  private static final String LOAD = "load-master-key";
  private static final String TAC = "tac-master-key";

  private final byte[] loadMasterKey;
  private final byte[] tacMasterKey;

  private IssuerKeys(byte[] loadMasterKey, byte[] tacMasterKey) {
    if (loadMasterKey.length != 16 || tacMasterKey.length != 16) {
      throw new IllegalArgumentException("issuer master keys are 16-byte 3DES keys");
    }
    this.loadMasterKey = loadMasterKey.clone();
    this.tacMasterKey = tacMasterKey.clone();
  }

  /** Fresh random keys (pass a SecureRandom outside tests). */
  public static IssuerKeys generate(RandomGenerator random) {
    byte[] load = new byte[16];
    byte[] tac = new byte[16];
    random.nextBytes(load);
    random.nextBytes(tac);
    return new IssuerKeys(load, tac);
  }

  /**
   * Reads the keys from {@code file}, or generates them and writes the file atomically when it does
   * not exist yet.
   */
  public static IssuerKeys loadOrCreate(Path file, RandomGenerator random) throws IOException {
    if (Files.exists(file)) {
      Properties p = new Properties();
      p.load(new StringReader(Files.readString(file, StandardCharsets.ISO_8859_1)));
      String load = p.getProperty(LOAD);
      String tac = p.getProperty(TAC);
      if (load == null || tac == null) {
        throw new IOException("issuer key file " + file + " lacks " + LOAD + " or " + TAC);
      }
      return new IssuerKeys(Hex.decode(load), Hex.decode(tac));
    }
    IssuerKeys keys = generate(random);
    Properties p = new Properties();
    p.setProperty(LOAD, Hex.encode(keys.loadMasterKey));
    p.setProperty(TAC, Hex.encode(keys.tacMasterKey));
    StringWriter text = new StringWriter();
    p.store(text, "Simulated issuer master keys (demo only, generated at first start)");
    Files.createDirectories(file.toAbsolutePath().getParent());
    AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.ISO_8859_1));
    return keys;
  }

  /** The card's diversified load key (DLK), as the central system's HSM derives it. */
  public byte[] loadKeyFor(String cardNo) {
    return PbocCrypto.diversify(loadMasterKey, cardNo);
  }

  /** The card's diversified TAC key (DTK). */
  public byte[] tacKeyFor(String cardNo) {
    return PbocCrypto.diversify(tacMasterKey, cardNo);
  }

  @Override
  public String toString() {
    return "IssuerKeys[hidden]";
  }
}
