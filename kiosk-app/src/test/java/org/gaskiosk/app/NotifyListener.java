package org.gaskiosk.app;

import java.io.IOException;
import java.net.DatagramPacket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * What systemd does with NOTIFY_SOCKET: a bound AF_UNIX datagram socket, one message per datagram.
 * Keeps every message received, in order.
 */
final class NotifyListener implements AutoCloseable {
  private final AFUNIXDatagramSocket socket;
  private final Path path;
  private final List<String> messages = new ArrayList<>();
  private final Thread reader;

  NotifyListener(Path path) throws IOException {
    this.path = path;
    socket = AFUNIXDatagramSocket.newInstance();
    socket.bind(AFUNIXSocketAddress.of(path));
    reader = new Thread(this::read, "notify-listener");
    reader.setDaemon(true);
    reader.start();
  }

  Path path() {
    return path;
  }

  private void read() {
    byte[] buffer = new byte[4096];
    while (!socket.isClosed()) {
      DatagramPacket p = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(p);
      } catch (IOException e) {
        return;
      }
      synchronized (messages) {
        messages.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
      }
    }
  }

  List<String> messages() {
    synchronized (messages) {
      return List.copyOf(messages);
    }
  }

  /** Messages containing the line {@code state} (e.g. {@code WATCHDOG=1}). */
  long count(String state) {
    return messages().stream().filter(m -> m.lines().anyMatch(state::equals)).count();
  }

  /** How many {@code state} messages came after the first message that contains {@code text}. */
  long countAfter(String text, String state) {
    List<String> all = messages();
    int from = -1;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).contains(text)) {
        from = i;
        break;
      }
    }
    if (from < 0) {
      return -1;
    }
    return all.subList(from + 1, all.size()).stream()
        .filter(m -> m.lines().anyMatch(state::equals))
        .count();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
