package org.gaskiosk.app;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sd_notify(3) in Java: one datagram per message to the AF_UNIX socket systemd names in {@code
 * NOTIFY_SOCKET} (a path, or {@code @name} in Linux's abstract namespace). Java 17's
 * DatagramChannel has no AF_UNIX support, so the socket comes from junixsocket (its native library
 * is unpacked under {@code java.io.tmpdir}, which must therefore be exec-able).
 *
 * <p>A fresh unbound socket per message: the watchdog sends one every few seconds, and nothing is
 * kept that a restarted systemd could leave stale.
 */
public final class SdNotify implements Notifier {
  private static final Logger LOG = LoggerFactory.getLogger(SdNotify.class);

  private final SocketAddress target;
  private final String describe;

  private SdNotify(SocketAddress target, String describe) {
    this.target = target;
    this.describe = describe;
  }

  /** The notifier for {@code NOTIFY_SOCKET} in {@code env}, or {@link Notifier#NONE} without. */
  public static Notifier fromEnvironment(Map<String, String> env) {
    String socket = env.get("NOTIFY_SOCKET");
    if (socket == null || socket.isBlank()) {
      return Notifier.NONE;
    }
    try {
      return socket.startsWith("@")
          ? new SdNotify(AFUNIXSocketAddress.inAbstractNamespace(socket.substring(1)), socket)
          : new SdNotify(AFUNIXSocketAddress.of(Path.of(socket)), socket);
    } catch (IOException | RuntimeException e) {
      LOG.error("NOTIFY_SOCKET={} is unusable; systemd will not hear from this process", socket, e);
      return Notifier.NONE;
    }
  }

  /** A notifier for a socket path (tests inject the one they listen on). */
  public static Notifier toPath(Path socket) throws IOException {
    return new SdNotify(AFUNIXSocketAddress.of(socket), socket.toString());
  }

  @Override
  public void send(String state) {
    byte[] bytes = state.getBytes(StandardCharsets.UTF_8);
    try (AFUNIXDatagramChannel channel = AFUNIXDatagramChannel.open()) {
      channel.send(ByteBuffer.wrap(bytes), target);
    } catch (IOException | RuntimeException e) {
      LOG.warn("sd_notify {} to {} failed: {}", state, describe, e.toString());
    }
  }

  @Override
  public String toString() {
    return "sd_notify to " + describe;
  }
}
