package org.gaskiosk.hw.bill.id003;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Request and answer over one {@link Id003Link}. ID003 is half duplex and host driven: the host
 * sends a block and the acceptor answers once, so any byte still buffered when a new request goes
 * out (a late answer, the reply some acceptors give to an ACK) is stale and is dropped, in the
 * decoder and in the link. The answer deadline is kept here in Java (the link's reads wait at most
 * one short step); a garbled, truncated or missing answer is an empty result, never an exception.
 * Only a broken link throws.
 */
final class Id003Channel {
  private final Id003Link link;
  private final Clock clock;
  private final Duration timeout;
  private final FrameDecoder decoder = new FrameDecoder();
  private final byte[] buffer = new byte[256];

  Id003Channel(Id003Link link, Clock clock, Duration timeout) {
    this.link = link;
    this.clock = clock;
    this.timeout = timeout;
  }

  /** Sends {@code request} and returns the first valid block that answers it in time. */
  Optional<Id003Frame> request(Id003Frame request) throws IOException {
    decoder.clear();
    link.discardInput();
    link.write(request.encode());
    long deadline = clock.millis() + timeout.toMillis();
    while (true) {
      Optional<Id003Frame> frame = decoder.next();
      if (frame.isPresent()) {
        return frame;
      }
      if (clock.millis() >= deadline) {
        return Optional.empty();
      }
      int n = link.read(buffer);
      if (n > 0) {
        decoder.push(buffer, 0, n);
      }
    }
  }

  /** Sends a block the acceptor does not answer (the ACK of VEND VALID). */
  void send(Id003Frame block) throws IOException {
    link.write(block.encode());
  }

  /** Blocks dropped for a wrong CRC or length since this link opened. */
  long badBlocks() {
    return decoder.badBlocks();
  }

  String describe() {
    return link.describe();
  }

  void close() {
    link.close();
  }
}
