package org.gaskiosk.hw.bill.id003;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaskiosk.core.port.BillListener;
import org.junit.jupiter.api.Test;

/**
 * The driver against a line that answers anything: nothing, noise, truncated or corrupted blocks,
 * and valid blocks carrying random statuses (escrow with any code, VEND VALID out of nowhere,
 * errors, power-ups), plus link failures. Seeded; a failure names the seed that replays it.
 */
class HostileLineFuzzTest {
  private static final int[] STATUSES = {
    0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B, 0x40, 0x41, 0x42, 0x43, 0x44,
    0x45, 0x46, 0x47, 0x48, 0x49, 0x4A, 0x4B, 0x50, 0x00, 0xFF
  };

  private static final int[] SCRIPT = {0x11, 0x12, 0x13, 0x14, 0x15, 0x15, 0x16, 0x11};

  @Test
  void a_hostile_line_never_gets_a_credit_without_vend_valid_nor_kills_the_poll_thread() {
    long seed = new Random().nextLong();
    HostileLink line = new HostileLink(new Random(seed));
    List<String> violations = new CopyOnWriteArrayList<>();
    AtomicInteger credits = new AtomicInteger();
    Random decisions = new Random(seed + 1);
    BillListener listener =
        new BillListener() {
          @Override
          public EscrowDecision onEscrow(long valueFen) {
            if (valueFen <= 0) {
              violations.add("escrow asked for an unknown note of " + valueFen + " fen");
            }
            return decisions.nextBoolean() ? EscrowDecision.STACK : EscrowDecision.RETURN;
          }

          @Override
          public void onStacked(String noteId, long valueFen) {
            credits.incrementAndGet();
            if (line.lastStatus != 0x15) {
              violations.add("credit of " + noteId + " after status " + line.lastStatus);
            }
            if (decisions.nextInt(5) == 0) {
              throw new IllegalStateException("journal hiccup (fuzz)");
            }
          }

          @Override
          public void onReturned(long valueFen, String reason) {
            if (decisions.nextInt(7) == 0) {
              throw new IllegalStateException("listener bug (fuzz)");
            }
          }
        };
    Id003Config config =
        Id003Config.defaults(Clock.systemUTC())
            .withTiming(Duration.ofMillis(1), Duration.ofMillis(15), Duration.ofMillis(5))
            .withBounds(Duration.ofMillis(50), Duration.ofMillis(100));
    Id003Acceptor acceptor = new Id003Acceptor(() -> line, config, DeviceFaultListener.NONE);
    acceptor.start(listener);
    acceptor.enable();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> line.requests.get() > 2_000 || !acceptor.isPolling());
      assertThat(acceptor.isPolling()).as("seed %d", seed).isTrue();
      assertThat(acceptor.pollFailures()).as("seed %d", seed).isZero();
      assertThat(violations).as("seed %d", seed).isEmpty();
      assertThat(credits.get()).as("seed %d: the fuzz reached VEND VALID", seed).isPositive();
    } finally {
      acceptor.stop();
    }
  }

  /** Answers each host block at random; remembers the last valid status it sent. */
  private static final class HostileLink implements Id003Link {
    final AtomicInteger requests = new AtomicInteger();
    final LinkedBlockingQueue<byte[]> replies = new LinkedBlockingQueue<>();
    final FrameDecoder decoder = new FrameDecoder();
    final Random random;
    volatile int lastStatus = -1;
    int script;

    HostileLink(Random random) {
      this.random = random;
    }

    @Override
    public void write(byte[] bytes) throws IOException {
      if (random.nextInt(400) == 0) {
        throw new IOException("cable pulled (fuzz)");
      }
      decoder.push(bytes, 0, bytes.length);
      for (Optional<Id003Frame> f = decoder.next(); f.isPresent(); f = decoder.next()) {
        requests.incrementAndGet();
        byte[] reply = reply(f.get());
        if (reply.length > 0) {
          replies.add(reply);
        }
      }
    }

    private byte[] reply(Id003Frame request) {
      int roll = random.nextInt(100);
      if (roll < 10) {
        return new byte[0];
      }
      if (roll < 20) {
        byte[] noise = new byte[1 + random.nextInt(20)];
        random.nextBytes(noise);
        return noise;
      }
      Id003Frame valid = valid(request);
      byte[] block = valid.encode();
      if (roll < 30) {
        return Arrays.copyOf(block, 1 + random.nextInt(block.length - 1));
      }
      if (roll < 40) {
        block[random.nextInt(block.length)] ^= (byte) (1 + random.nextInt(255));
        return block;
      }
      if (request.code() == Id003Codes.STATUS_REQUEST) {
        lastStatus = valid.code();
      }
      return block;
    }

    private Id003Frame valid(Id003Frame request) {
      int code = request.code();
      if (code == Id003Codes.STATUS_REQUEST && random.nextInt(10) < 6) {
        // Mostly a plausible note sequence, so escrow, stacking and VEND VALID are reached...
        int status = SCRIPT[script++ % SCRIPT.length];
        return status == 0x13
            ? Id003Frame.of(status, 0x61 + random.nextInt(6))
            : Id003Frame.of(status);
      }
      if (code == Id003Codes.STATUS_REQUEST) {
        // ...and otherwise anything at all, in any order.
        int status = STATUSES[random.nextInt(STATUSES.length)];
        return switch (status) {
          case 0x13 -> Id003Frame.of(status, 0x5F + random.nextInt(0x14));
          case 0x17, 0x49 -> Id003Frame.of(status, random.nextInt(256));
          default -> Id003Frame.of(status);
        };
      }
      if (code >= 0xC0 && code <= 0xC7) {
        return random.nextInt(5) == 0 ? Id003Frame.of(code, random.nextInt(256)) : request;
      }
      return Id003Frame.of(random.nextInt(4) == 0 ? Id003Codes.INVALID_COMMAND : Id003Codes.ACK);
    }

    @Override
    public int read(byte[] buffer) throws IOException {
      byte[] next;
      try {
        next = replies.poll(2, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 0;
      }
      if (next == null) {
        return 0;
      }
      int n = Math.min(next.length, buffer.length);
      System.arraycopy(next, 0, buffer, 0, n);
      return n;
    }

    @Override
    public void discardInput() {
      replies.clear();
    }

    @Override
    public String describe() {
      return "hostile line";
    }

    @Override
    public void close() {
      replies.clear();
    }
  }
}
