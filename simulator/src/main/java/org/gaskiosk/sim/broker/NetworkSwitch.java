package org.gaskiosk.sim.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.SocketFactory;

/**
 * A simulated network cable between a client and its broker: hand it to the client as its socket
 * factory, then {@link #cut()} to drop every open connection at once (no MQTT DISCONNECT, so the
 * broker sees an unclean loss and runs the will) and refuse new ones until {@link #restore()}.
 */
public final class NetworkSwitch extends SocketFactory {
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean up = true;

  public boolean isUp() {
    return up;
  }

  /** Pulls the cable: open sockets close now, new ones fail to connect. */
  public void cut() {
    up = false;
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException e) {
        // already gone
      }
    }
  }

  public void restore() {
    up = true;
  }

  @Override
  public Socket createSocket() {
    return new SwitchedSocket();
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return connected(new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return connected(new InetSocketAddress(address, port));
  }

  private Socket connected(SocketAddress to) throws IOException {
    Socket s = new SwitchedSocket();
    s.connect(to);
    return s;
  }

  private final class SwitchedSocket extends Socket {
    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
      if (!up) {
        throw new SocketException("network cut by the simulator");
      }
      open.add(this);
      try {
        super.connect(endpoint, timeout);
      } catch (IOException e) {
        open.remove(this);
        throw e;
      }
      if (!up) { // cut while connecting
        close();
        throw new SocketException("network cut by the simulator");
      }
    }

    @Override
    public synchronized void close() throws IOException {
      open.remove(this);
      super.close();
    }
  }
}
