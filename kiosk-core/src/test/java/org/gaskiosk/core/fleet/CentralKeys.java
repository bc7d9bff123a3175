package org.gaskiosk.core.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;

/** The central system's side in tests: an Ed25519 key pair and signed documents. */
final class CentralKeys {
  static final ObjectMapper JSON = new ObjectMapper();
  final KeyPair pair;

  CentralKeys() {
    try {
      pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  byte[] command(String kioskId, String name, String cmdId, Instant now, Duration ttl) {
    return command(kioskId, name, cmdId, now, ttl, "{}");
  }

  byte[] command(
      String kioskId, String name, String cmdId, Instant now, Duration ttl, String argsJson) {
    return SignedMessages.sign(
        pair.getPrivate(),
        FleetDocuments.command(kioskId, name, cmdId, now, now.plus(ttl), json(argsJson)));
  }

  byte[] config(String kioskId, long version, Instant now, String configJson) {
    return SignedMessages.sign(
        pair.getPrivate(), FleetDocuments.config(kioskId, version, now, json(configJson)));
  }

  static JsonNode json(String s) {
    try {
      return JSON.readTree(s);
    } catch (Exception e) {
      throw new IllegalArgumentException(s, e);
    }
  }
}
