package org.gaskiosk.sim.central;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.gaskiosk.core.fleet.SignedMessages;

/**
 * The central system's Ed25519 command key: made on first start in the data folder ({@code
 * command-key.pk8.b64}, owner-readable only where the file system allows) with its public half
 * beside it as PEM ({@code command-key.pub.pem}) for the kiosks' configuration. A real central
 * system keeps this key in an HSM; the simulator keeps it in a file.
 */
final class CommandKeys {
  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  private final Path publicPem;

  private CommandKeys(PrivateKey privateKey, PublicKey publicKey, Path publicPem) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.publicPem = publicPem;
  }

  static CommandKeys loadOrCreate(Path folder) throws IOException {
    Path priv = folder.resolve("command-key.pk8.b64");
    Path pub = folder.resolve("command-key.pub.pem");
    try {
      KeyFactory kf = KeyFactory.getInstance("Ed25519");
      if (Files.exists(priv) && Files.exists(pub)) {
        PrivateKey k =
            kf.generatePrivate(
                new PKCS8EncodedKeySpec(Base64.getDecoder().decode(Files.readString(priv).trim())));
        return new CommandKeys(k, SignedMessages.readPublicKey(pub), pub);
      }
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      Files.createDirectories(folder);
      Files.writeString(
          priv,
          Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n",
          StandardCharsets.US_ASCII);
      priv.toFile().setReadable(false, false);
      priv.toFile().setReadable(true, true);
      Files.writeString(pub, SignedMessages.pem(pair.getPublic()), StandardCharsets.US_ASCII);
      return new CommandKeys(pair.getPrivate(), pair.getPublic(), pub);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException("unusable command key in " + folder + ": " + e.getMessage(), e);
    }
  }

  byte[] sign(byte[] document) {
    return SignedMessages.sign(privateKey, document);
  }

  PublicKey publicKey() {
    return publicKey;
  }

  Path publicKeyFile() {
    return publicPem;
  }
}
