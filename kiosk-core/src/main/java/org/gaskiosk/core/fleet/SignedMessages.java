package org.gaskiosk.core.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;

/**
 * Ed25519-signed documents from the central system (commands and configuration). The envelope is
 * {@code {"schema":"signed/1","alg":"Ed25519","payload":base64(document bytes),"sig":base64}}: the
 * signature covers the exact bytes of the document, so neither side needs canonical JSON. The kiosk
 * holds only the central system's public key.
 */
public final class SignedMessages {
  public static final String SCHEMA = "signed/1";
  public static final String ALG = "Ed25519";

  private final PublicKey centralKey;

  public SignedMessages(PublicKey centralKey) {
    this.centralKey = Objects.requireNonNull(centralKey, "centralKey");
    if (!centralKey.getAlgorithm().equals("EdDSA") && !centralKey.getAlgorithm().equals(ALG)) {
      throw new IllegalArgumentException("the central key must be Ed25519, got " + centralKey);
    }
  }

  /** The result of opening an envelope: the document, or why it was refused. */
  public sealed interface Opened {}

  /** Signed by the central key. */
  public record Verified(JsonNode document) implements Opened {}

  /**
   * Not to be trusted.
   *
   * @param reason {@code unsigned}, {@code bad-signature} or {@code malformed}
   * @param detail for the log and the result event
   */
  public record Refused(String reason, String detail) implements Opened {}

  /** Checks the envelope's signature and parses the document it signs. */
  public Opened open(byte[] envelope) {
    JsonNode env;
    try {
      env = JsonFile.JSON.readTree(envelope);
    } catch (IOException e) {
      return new Refused("malformed", "not JSON");
    }
    if (env == null || !env.isObject()) {
      return new Refused("malformed", "not a JSON object");
    }
    JsonNode sig = env.get("sig");
    JsonNode payload = env.get("payload");
    if (sig == null || sig.isNull() || sig.asText().isEmpty()) {
      return new Refused("unsigned", "no signature");
    }
    if (payload == null || !payload.isTextual() || !ALG.equals(env.path("alg").asText())) {
      return new Refused("malformed", "envelope needs alg Ed25519 and a base64 payload");
    }
    byte[] document;
    byte[] signature;
    try {
      document = Base64.getDecoder().decode(payload.asText());
      signature = Base64.getDecoder().decode(sig.asText());
    } catch (IllegalArgumentException e) {
      return new Refused("malformed", "payload or sig is not base64");
    }
    try {
      Signature v = Signature.getInstance(ALG);
      v.initVerify(centralKey);
      v.update(document);
      if (!v.verify(signature)) {
        return new Refused("bad-signature", "signature does not verify with the central key");
      }
    } catch (GeneralSecurityException e) {
      return new Refused("bad-signature", e.getMessage());
    }
    try {
      JsonNode doc = JsonFile.JSON.readTree(document);
      if (doc == null || !doc.isObject()) {
        return new Refused("malformed", "signed payload is not a JSON object");
      }
      return new Verified(doc);
    } catch (IOException e) {
      return new Refused("malformed", "signed payload is not JSON");
    }
  }

  /** Wraps and signs {@code document} (the central system's side). */
  public static byte[] sign(PrivateKey key, byte[] document) {
    try {
      Signature s = Signature.getInstance(ALG);
      s.initSign(key);
      s.update(document);
      ObjectNode env = JsonFile.JSON.createObjectNode();
      env.put("schema", SCHEMA);
      env.put("alg", ALG);
      env.put("payload", Base64.getEncoder().encodeToString(document));
      env.put("sig", Base64.getEncoder().encodeToString(s.sign()));
      return JsonFile.JSON.writeValueAsBytes(env);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot sign with " + key.getAlgorithm(), e);
    }
  }

  /**
   * Reads an Ed25519 public key from a PEM file ({@code -----BEGIN PUBLIC KEY-----}, X.509
   * SubjectPublicKeyInfo), as {@code openssl pkey -pubout} writes it.
   */
  public static PublicKey readPublicKey(Path pem) {
    try {
      return publicKey(Files.readString(pem));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the central command key " + pem, e);
    }
  }

  /** Parses a PEM or bare base64 X.509 Ed25519 public key. */
  public static PublicKey publicKey(String pemOrBase64) {
    String b64 = pemOrBase64.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    try {
      return KeyFactory.getInstance(ALG)
          .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(b64)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
    }
  }

  /** PEM of a public key, for configuration files. */
  public static String pem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }
}
