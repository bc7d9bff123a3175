package org.gaskiosk.sim.card.pcsc;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * vpcd's side of the virtual-card protocol, in process: listens, accepts the virtual card and sends
 * it requests the way vsmartcard's vpcd does (2-byte big-endian length, payload).
 */
final class FakeVpcd implements AutoCloseable {
  static final Duration PATIENCE = Duration.ofSeconds(5);

  private ServerSocket server;
  private Socket card;
  private DataInputStream in;
  private OutputStream out;

  FakeVpcd() throws IOException {
    this(0);
  }

  FakeVpcd(int port) throws IOException {
    server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
  }

  int port() {
    return server.getLocalPort();
  }

  InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
  }

  /** Accepts the next connection of the virtual card, if one comes within {@code timeout}. */
  boolean acceptWithin(Duration timeout) throws IOException {
    server.setSoTimeout((int) timeout.toMillis());
    try {
      card = server.accept();
    } catch (SocketTimeoutException e) {
      return false;
    }
    card.setSoTimeout((int) PATIENCE.toMillis());
    in = new DataInputStream(card.getInputStream());
    out = card.getOutputStream();
    return true;
  }

  FakeVpcd accept() throws IOException {
    if (!acceptWithin(PATIENCE)) {
      throw new AssertionError("the virtual card did not connect within " + PATIENCE);
    }
    return this;
  }

  /** Sends a control byte or an APDU without waiting for an answer. */
  void send(byte... payload) throws IOException {
    byte[] frame = new byte[payload.length + 2];
    frame[0] = (byte) (payload.length >> 8);
    frame[1] = (byte) payload.length;
    System.arraycopy(payload, 0, frame, 2, payload.length);
    out.write(frame);
    out.flush();
  }

  /** Sends a request and reads the answer; throws {@link EOFException} if the card hung up. */
  byte[] request(byte... payload) throws IOException {
    send(payload);
    int length = in.readUnsignedShort();
    byte[] answer = new byte[length];
    in.readFully(answer);
    return answer;
  }

  /** Whether the virtual card closed the connection (within {@link #PATIENCE}). */
  boolean hungUp() throws IOException {
    try {
      return in.read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  /** Stops listening, as a stopping pcscd does; {@link #restart} listens again on the port. */
  void stop() throws IOException {
    if (card != null) {
      card.close();
    }
    server.close();
  }

  void restart() throws IOException {
    int port = server.getLocalPort();
    server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
  }

  @Override
  public void close() throws IOException {
    stop();
  }
}
