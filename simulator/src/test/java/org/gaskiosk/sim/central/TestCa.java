package org.gaskiosk.sim.central;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority made in the test run, and a broker certificate for {@code
 * 127.0.0.1} signed by it, written as PEM files for Mosquitto and the kiosk. Nothing of it is ever
 * committed: the files live in the test's temporary folder and the keys die with it.
 */
final class TestCa {
  private static final Duration VALIDITY = Duration.ofDays(2);

  /** The CA certificate the kiosk is told to trust. */
  final Path caPem;

  /** The broker's certificate (SAN: IP 127.0.0.1 only, so {@code localhost} does not match). */
  final Path brokerCertPem;

  /** The broker's private key, PKCS#8 PEM. */
  final Path brokerKeyPem;

  private TestCa(Path caPem, Path brokerCertPem, Path brokerKeyPem) {
    this.caPem = caPem;
    this.brokerCertPem = brokerCertPem;
    this.brokerKeyPem = brokerKeyPem;
  }

  /** Makes a new CA and broker certificate in {@code folder}. */
  static TestCa create(Path folder) {
    try {
      Files.createDirectories(folder);
      KeyPair ca = ecKeyPair();
      KeyPair broker = ecKeyPair();
      X500Name caName = new X500Name("CN=gaskiosk throw-away test CA");
      Instant now = Instant.now();
      X509Certificate caCert =
          sign(
              new JcaX509v3CertificateBuilder(
                      caName,
                      BigInteger.ONE,
                      Date.from(now.minus(Duration.ofMinutes(5))),
                      Date.from(now.plus(VALIDITY)),
                      caName,
                      ca.getPublic())
                  .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                  .addExtension(
                      Extension.keyUsage,
                      true,
                      new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)),
              ca.getPrivate());
      X509Certificate brokerCert =
          sign(
              new JcaX509v3CertificateBuilder(
                      caName,
                      BigInteger.TWO,
                      Date.from(now.minus(Duration.ofMinutes(5))),
                      Date.from(now.plus(VALIDITY)),
                      new X500Name("CN=127.0.0.1"),
                      broker.getPublic())
                  .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                  .addExtension(
                      Extension.subjectAlternativeName,
                      false,
                      new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")))
                  .addExtension(
                      Extension.extendedKeyUsage,
                      false,
                      new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth)),
              ca.getPrivate());
      Path caPem = write(folder.resolve("ca.pem"), "CERTIFICATE", caCert.getEncoded());
      Path certPem = write(folder.resolve("broker.pem"), "CERTIFICATE", brokerCert.getEncoded());
      Path keyPem = write(folder.resolve("broker-key.pem"), "PRIVATE KEY", pkcs8(broker));
      return new TestCa(caPem, certPem, keyPem);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the test CA to " + folder, e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make a test CA", e);
    }
  }

  private static KeyPair ecKeyPair() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
  }

  private static byte[] pkcs8(KeyPair pair) {
    return pair.getPrivate().getEncoded(); // the JDK encodes private keys as PKCS#8
  }

  private static Path write(Path file, String type, byte[] der) throws IOException {
    String pem =
        "-----BEGIN "
            + type
            + "-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der)
            + "\n-----END "
            + type
            + "-----\n";
    return Files.writeString(file, pem, StandardCharsets.US_ASCII);
  }
}
