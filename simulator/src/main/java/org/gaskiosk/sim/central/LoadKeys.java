package org.gaskiosk.sim.central;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.gaskiosk.hw.card.pboc.PbocCrypto;

/**
 * Where the HSM role gets a card's load key (DLK). The simulated world shares one issuer master key
 * between the simulated cards and the central simulator; pass the cards' own key source here when
 * both run in one demo, so that they agree.
 */
@FunctionalInterface
public interface LoadKeys {

  /** The card's 16-byte diversified load key. */
  byte[] loadKeyFor(String cardNo);

  /** PBOC-style diversification of a 16-byte issuer master key per card number. */
  static LoadKeys fromMasterKey(byte[] masterKey) {
    if (masterKey.length != 16) {
      throw new IllegalArgumentException("the issuer master key is a 16-byte 3DES key");
    }
    byte[] key = masterKey.clone();
    return cardNo -> PbocCrypto.diversify(key, cardNo);
  }

  /**
   * Reads the master key (32 hex digits) from {@code file}, or generates one with {@link
   * SecureRandom} and stores it (owner-only where the file system allows) at first start. Keys are
   * never written in source.
   */
  static LoadKeys loadOrCreate(Path file) throws IOException {
    HexFormat hex = HexFormat.of().withUpperCase();
    if (Files.exists(file)) {
      String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
      try {
        return fromMasterKey(hex.parseHex(text));
      } catch (IllegalArgumentException e) {
        throw new IOException("issuer master key file " + file + " does not hold 32 hex digits", e);
      }
    }
    byte[] key = new byte[16];
    new SecureRandom().nextBytes(key);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(
        temp,
        hex.formatHex(key) + "\n",
        StandardCharsets.US_ASCII,
        StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE,
        StandardOpenOption.SYNC);
    try {
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the data folder's own protection applies
    }
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    return fromMasterKey(key);
  }
}
