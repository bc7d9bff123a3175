package org.gaskiosk.hw.card;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.smartcardio.ATR;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import org.gaskiosk.hw.card.pboc.Hex;

/**
 * A card channel that answers from a script, one entry per transmitted APDU, and records what was
 * sent. An entry is hex text of the response (data and SW) or a throwable to throw.
 */
final class ScriptedChannel extends CardChannel {
  private final Deque<Object> script = new ArrayDeque<>();
  final List<String> sent = new ArrayList<>();
  final ScriptedCard card = new ScriptedCard(this);

  ScriptedChannel answer(String hex) {
    script.add(hex);
    return this;
  }

  ScriptedChannel fail(Throwable t) {
    script.add(t);
    return this;
  }

  @Override
  public ResponseAPDU transmit(CommandAPDU command) throws CardException {
    sent.add(Hex.encode(command.getBytes()));
    Object next = script.poll();
    if (next == null) {
      throw new AssertionError("unscripted command " + Hex.encode(command.getBytes()));
    }
    if (next instanceof CardException e) {
      throw e;
    }
    if (next instanceof RuntimeException e) {
      throw e;
    }
    return new ResponseAPDU(Hex.decode((String) next));
  }

  @Override
  public Card getCard() {
    return card;
  }

  @Override
  public int getChannelNumber() {
    return 0;
  }

  @Override
  public int transmit(ByteBuffer command, ByteBuffer response) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {}

  /** The card behind the scripted channel; counts disconnects. */
  static final class ScriptedCard extends Card {
    private final ScriptedChannel channel;
    int exclusiveDepth;
    int disconnects;
    boolean lastDisconnectReset;

    ScriptedCard(ScriptedChannel channel) {
      this.channel = channel;
    }

    @Override
    public ATR getATR() {
      return new ATR(Hex.decode("3B6800000073C84000009000"));
    }

    @Override
    public String getProtocol() {
      return "T=1";
    }

    @Override
    public CardChannel getBasicChannel() {
      return channel;
    }

    @Override
    public CardChannel openLogicalChannel() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void beginExclusive() {
      exclusiveDepth++;
    }

    @Override
    public void endExclusive() {
      exclusiveDepth--;
    }

    @Override
    public byte[] transmitControlCommand(int controlCode, byte[] command) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void disconnect(boolean reset) {
      disconnects++;
      lastDisconnectReset = reset;
    }
  }
}
