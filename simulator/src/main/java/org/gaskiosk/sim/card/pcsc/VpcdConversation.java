package org.gaskiosk.sim.card.pcsc;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import jdk.net.ExtendedSocketOptions;
import org.gaskiosk.sim.card.SimCardSlot;
import org.gaskiosk.sim.card.SimCardSlot.Contact;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's worth of vsmartcard's vpicc protocol for one insertion of a card: reads vpcd's
 * messages, answers them from the slot, and ends the connection where a card would fall silent (see
 * {@link VirtualCardClient} for the mapping).
 */
final class VpcdConversation {
  private static final Logger LOG = LoggerFactory.getLogger(VpcdConversation.class);

  static final byte POWER_OFF = 0x00;
  static final byte POWER_ON = 0x01;
  static final byte RESET = 0x02;
  static final byte GET_ATR = 0x04;

  /** Answered to presence polls by a mute card: anything non-empty keeps vpcd's connection. */
  private static final byte[] MUTE_PRESENCE_ATR = {0x3B, 0x00};

  /**
   * How the conversation ended.
   *
   * @param talked vpcd sent at least one message
   * @param owedAnswer the connection ended while vpcd waited for an answer
   */
  record Ending(boolean talked, boolean owedAnswer) {}

  private final SimCardSlot slot;
  private final Contact contact;
  private final Socket socket;
  private final Consumer<byte[]> apduTap;
  private final Runnable atrServed;

  VpcdConversation(
      SimCardSlot slot,
      Contact contact,
      Socket socket,
      Consumer<byte[]> apduTap,
      Runnable atrServed) {
    this.slot = slot;
    this.contact = contact;
    this.socket = socket;
    this.apduTap = apduTap;
    this.atrServed = atrServed;
  }

  /** Answers vpcd until the connection ends or {@code running} turns false; closes the socket. */
  Ending run(BooleanSupplier running) {
    boolean talked = false;
    boolean atrIsPowerUp = false;
    boolean owesAnswer = false;
    try (socket) {
      DataInputStream in = new DataInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      while (running.getAsBoolean()) {
        quickAck(socket);
        byte[] message = readMessage(in);
        talked = true;
        if (message.length == 0) {
          continue;
        }
        owesAnswer = message.length > 1 || message[0] == GET_ATR;
        if (message.length == 1) {
          switch (message[0]) {
            case POWER_OFF, POWER_ON, RESET -> {
              slot.reset(contact.insertion());
              atrIsPowerUp = message[0] != POWER_OFF;
            }
            case GET_ATR -> {
              byte[] atr = atrAnswer(contact.atr(), atrIsPowerUp);
              if (atr.length == 0) {
                return new Ending(true, true); // a mute card: no answer to reset
              }
              writeMessage(out, atr);
              owesAnswer = false;
              atrIsPowerUp = false;
              atrServed.run();
            }
            default -> LOG.warn("vpcd sent an unknown control byte {}", message[0]);
          }
          continue;
        }
        Optional<byte[]> answer = transmit(message);
        if (answer.isEmpty() || answer.get().length == 0) {
          // The card left, lost power, or says nothing: vpcd cannot carry an empty answer (it
          // would wait for more bytes), so the connection ends unanswered.
          return new Ending(true, true);
        }
        writeMessage(out, answer.get());
        owesAnswer = false;
      }
    } catch (EOFException e) {
      LOG.debug("vpcd closed the connection for insertion {}", contact.insertion());
    } catch (IOException e) {
      LOG.debug("connection to vpcd ended: {}", e.getMessage());
    }
    return new Ending(talked, owesAnswer);
  }

  /**
   * The answer to vpcd's get-ATR. A memory card's ISO 7816-10 header (SLE4442: A2 13 10 91) is no
   * ATR pcscd can parse (SCARD_E_PROTO_MISMATCH); an ACR38-style reader presents it as the
   * historical bytes of a minimal ATR, 3B 04 A2 13 10 91. A mute card is present to the presence
   * poll but gives no answer to reset once powered.
   */
  static byte[] atrAnswer(byte[] atr, boolean powerUp) {
    if (atr.length > 0 && atr.length <= 15 && atr[0] != 0x3B && atr[0] != 0x3F) {
      byte[] wrapped = new byte[atr.length + 2];
      wrapped[0] = 0x3B;
      wrapped[1] = (byte) atr.length;
      System.arraycopy(atr, 0, wrapped, 2, atr.length);
      return wrapped;
    }
    if (atr.length > 0) {
      return atr;
    }
    return powerUp ? new byte[0] : MUTE_PRESENCE_ATR;
  }

  private Optional<byte[]> transmit(byte[] apdu) {
    apduTap.accept(apdu.clone());
    SimCardSlot.Outcome outcome;
    try {
      outcome = slot.transmit(contact.insertion(), apdu);
    } catch (UncheckedIOException e) {
      LOG.warn("the simulated card could not write its EEPROM: {}", e.getMessage());
      return Optional.empty();
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Error e) {
      // A test's command hook cut the power at this instant: nothing leaves the card.
      LOG.info("power cut while serving INS {}: {}", ins(apdu), e.toString());
      return Optional.empty();
    }
    if (outcome instanceof SimCardSlot.Outcome.Answer answer) {
      return Optional.of(answer.response());
    }
    return Optional.empty();
  }

  private static String ins(byte[] apdu) {
    return apdu.length >= 2 ? String.format("%02X", apdu[1]) : "?";
  }

  /**
   * vpcd writes a message's length and its payload with two send() calls and leaves Nagle's
   * algorithm on: the payload waits for the ACK of the length, which Linux delays by 40 ms unless
   * the receiver asks for quick ACKs. Linux clears the flag again, so it is set before every read.
   */
  private static void quickAck(Socket s) {
    try {
      if (s.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK)) {
        s.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
      }
    } catch (IOException e) {
      LOG.debug("TCP_QUICKACK: {}", e.getMessage());
    }
  }

  private static byte[] readMessage(DataInputStream in) throws IOException {
    int length = in.readUnsignedShort();
    byte[] message = new byte[length];
    in.readFully(message);
    return message;
  }

  private static void writeMessage(OutputStream out, byte[] payload) throws IOException {
    if (payload.length > 0xFFFF) {
      throw new IOException("message too long for vpcd: " + payload.length);
    }
    byte[] frame = new byte[payload.length + 2];
    frame[0] = (byte) (payload.length >> 8);
    frame[1] = (byte) payload.length;
    System.arraycopy(payload, 0, frame, 2, payload.length);
    out.write(frame);
    out.flush();
  }
}
