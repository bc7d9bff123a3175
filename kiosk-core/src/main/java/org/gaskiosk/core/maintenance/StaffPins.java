package org.gaskiosk.core.maintenance;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Staff PINs as salted PBKDF2 hashes (JDK {@code PBKDF2WithHmacSHA256}): the kiosk's configuration
 * holds {@code pbkdf2-sha256$iterations$salt$hash} (Base64), never a PIN. A stolen SD card gives an
 * attacker the hashes; the iteration count makes each guess cost, and the lockout in {@link
 * MaintenanceDesk} limits guesses at the screen.
 */
public final class StaffPins {
  public static final String SCHEME = "pbkdf2-sha256";

  /**
   * OWASP's 2023 figure for PBKDF2-HMAC-SHA256 is 600 000; a Pi 4 takes about 0.3 s for 150 000.
   */
  public static final int DEFAULT_ITERATIONS = 150_000;

  private static final Pattern STAFF_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,31}");
  private static final Pattern PIN = Pattern.compile("[0-9]{6,12}");
  private static final int KEY_BITS = 256;
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

  private final Map<String, Hash> hashes;

  private record Hash(int iterations, byte[] salt, byte[] hash) {}

  private StaffPins(Map<String, Hash> hashes) {
    this.hashes = Map.copyOf(hashes);
  }

  /**
   * @param encoded staff id to {@code pbkdf2-sha256$iterations$salt$hash}
   * @throws IllegalArgumentException naming the staff id when an entry is malformed
   */
  public static StaffPins of(Map<String, String> encoded) {
    Map<String, Hash> parsed = new LinkedHashMap<>();
    encoded.forEach(
        (id, value) -> {
          requireStaffId(id);
          parsed.put(id, parse(id, value));
        });
    return new StaffPins(parsed);
  }

  /**
   * Reads {@code staff.<id>.pin-hash = pbkdf2-sha256$...} lines from a properties file.
   *
   * @throws IllegalArgumentException for any other key or a malformed value
   */
  public static StaffPins load(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    Map<String, String> encoded = new LinkedHashMap<>();
    for (String key : p.stringPropertyNames()) {
      if (!key.startsWith("staff.") || !key.endsWith(".pin-hash")) {
        throw new IllegalArgumentException(
            file + ": unknown setting " + key + " (expected staff.<id>.pin-hash)");
      }
      encoded.put(key.substring(6, key.length() - 9), p.getProperty(key).trim());
    }
    return of(encoded);
  }

  /** The line to put in the staff file for {@code staffId} with {@code pin}. */
  public static String line(String staffId, char[] pin, SecureRandom random) {
    requireStaffId(staffId);
    return "staff." + staffId + ".pin-hash=" + hash(pin, random, DEFAULT_ITERATIONS);
  }

  /** A fresh salted hash of {@code pin}. */
  public static String hash(char[] pin, SecureRandom random, int iterations) {
    requirePin(pin);
    if (iterations < 10_000) {
      throw new IllegalArgumentException("at least 10000 PBKDF2 iterations, got " + iterations);
    }
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    byte[] hash = derive(pin, salt, iterations);
    return SCHEME
        + "$"
        + iterations
        + "$"
        + B64.encodeToString(salt)
        + "$"
        + B64.encodeToString(hash);
  }

  public boolean knows(String staffId) {
    return hashes.containsKey(staffId);
  }

  public int size() {
    return hashes.size();
  }

  /**
   * Whether {@code pin} is {@code staffId}'s PIN. An unknown staff id costs the same work as a
   * known one, so timing does not tell which ids exist.
   */
  public boolean verify(String staffId, char[] pin) {
    Hash h = hashes.get(staffId);
    if (h == null || !PIN.matcher(new String(pin)).matches()) {
      derive("000000".toCharArray(), new byte[16], DEFAULT_ITERATIONS);
      return false;
    }
    return MessageDigest.isEqual(h.hash(), derive(pin, h.salt(), h.iterations()));
  }

  static void requireStaffId(String id) {
    if (id == null || !STAFF_ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "a staff id is 1-32 lower-case letters, digits, '.', '_' or '-': " + id);
    }
  }

  static void requirePin(char[] pin) {
    if (pin == null || !PIN.matcher(new String(pin)).matches()) {
      throw new IllegalArgumentException("a PIN is 6-12 digits");
    }
  }

  private static Hash parse(String id, String value) {
    String[] parts = value.split("\\$");
    try {
      if (parts.length != 4 || !parts[0].equals(SCHEME)) {
        throw new IllegalArgumentException("not " + SCHEME + "$iterations$salt$hash");
      }
      int iterations = Integer.parseInt(parts[1]);
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] hash = Base64.getDecoder().decode(parts[3]);
      if (iterations < 10_000 || salt.length < 16 || hash.length != KEY_BITS / 8) {
        throw new IllegalArgumentException(
            "needs at least 10000 iterations, a 16-byte salt and a 32-byte hash");
      }
      return new Hash(iterations, salt, hash);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the PIN hash of staff " + id + " is malformed: " + e.getMessage(), e);
    }
  }

  private static byte[] derive(char[] pin, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(pin, salt, iterations, KEY_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no PBKDF2WithHmacSHA256", e);
    } finally {
      spec.clearPassword();
    }
  }

  /** Wipes a PIN the caller no longer needs. */
  public static void wipe(char[] pin) {
    if (pin != null) {
      Arrays.fill(pin, '\0');
    }
  }
}
