package org.gaskiosk.core.uplink;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS socket factories a kiosk may use towards its broker. A kiosk verifies the broker: with
 * the JVM's CAs (an {@code ssl://} URI and no socket factory), or with the operator's own CA file
 * ({@link #trustingCaFile}). {@link #trustingAnything()} exists for the demo only; {@link
 * UplinkConfig#withDemoTls()} is the one way to use it and it says so in the log at every start.
 */
public final class BrokerTls {
  private BrokerTls() {}

  /**
   * Trusts exactly the CA certificates in {@code caPem} (PEM or DER, one or more), nothing else:
   * the fleet's own CA, not the JVM's list of public ones.
   *
   * @throws IllegalArgumentException when the file holds no certificate
   * @throws UncheckedIOException when it cannot be read
   */
  public static SSLSocketFactory trustingCaFile(Path caPem) {
    try (InputStream in = Files.newInputStream(caPem)) {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (certs.isEmpty()) {
        throw new IllegalArgumentException("no certificate in the broker CA file " + caPem);
      }
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (Certificate c : certs) {
        trust.setCertificateEntry("broker-ca-" + i++, c);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      return context(tmf.getTrustManagers()).getSocketFactory();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the broker CA file " + caPem, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("unusable broker CA file " + caPem + ": " + e, e);
    }
  }

  /**
   * Accepts any certificate: encryption without knowing who is at the other end. Demo only; never
   * on a kiosk that handles real money.
   */
  static SSLSocketFactory trustingAnything() {
    try {
      return context(new TrustManager[] {new TrustAnything()}).getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JVM has no TLS", e);
    }
  }

  private static SSLContext context(TrustManager[] trustManagers) throws GeneralSecurityException {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, trustManagers, null);
    return ctx;
  }

  private static final class TrustAnything implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
