package org.gaskiosk.core.uplink;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sockets with Nagle's algorithm off. Paho creates its socket from the factory and never sets
 * {@code TCP_NODELAY}, so every small MQTT packet that follows an unacknowledged one (an ack after
 * a batch, a request after a PUBACK) waits for the peer's delayed ACK, up to 40 ms on Linux, on
 * each hop: a purchase's two central round trips and every outbox batch paid it. A kiosk's messages
 * are few and small, so the extra packets cost nothing.
 *
 * <p>An {@link SSLSocketFactory} stays one (Paho requires it for {@code ssl://}): its sockets are
 * created unconnected and the option set before the handshake.
 */
public final class NoDelaySockets {
  private NoDelaySockets() {}

  /** {@code delegate}'s sockets, with {@code TCP_NODELAY} set on each. */
  public static SocketFactory wrap(SocketFactory delegate) {
    if (delegate instanceof Ssl || delegate instanceof Plain) {
      return delegate;
    }
    if (delegate instanceof SSLSocketFactory ssl) {
      return new Ssl(ssl);
    }
    return new Plain(delegate);
  }

  /** The JVM's default factory for the URI's scheme ({@code ssl://} or plain), without Nagle. */
  public static SocketFactory forUri(String brokerUri) {
    return wrap(
        brokerUri.startsWith("ssl://")
            ? SSLSocketFactory.getDefault()
            : SocketFactory.getDefault());
  }

  private static Socket noDelay(Socket s) throws IOException {
    s.setTcpNoDelay(true);
    return s;
  }

  private static final class Plain extends SocketFactory {
    private final SocketFactory d;

    Plain(SocketFactory d) {
      this.d = d;
    }

    @Override
    public Socket createSocket() throws IOException {
      return noDelay(d.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return noDelay(d.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress local, int localPort)
        throws IOException {
      return noDelay(d.createSocket(host, port, local, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return noDelay(d.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort)
        throws IOException {
      return noDelay(d.createSocket(host, port, local, localPort));
    }
  }

  private static final class Ssl extends SSLSocketFactory {
    private final SSLSocketFactory d;

    Ssl(SSLSocketFactory d) {
      this.d = d;
    }

    @Override
    public String[] getDefaultCipherSuites() {
      return d.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return d.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket() throws IOException {
      return noDelay(d.createSocket());
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose)
        throws IOException {
      return noDelay(d.createSocket(s, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return noDelay(d.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress local, int localPort)
        throws IOException {
      return noDelay(d.createSocket(host, port, local, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return noDelay(d.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort)
        throws IOException {
      return noDelay(d.createSocket(host, port, local, localPort));
    }
  }
}
