package org.gaskiosk.hw.scanner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerialCodeScannerTest {

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void lines_end_at_cr_lf_or_crlf_and_split_reads_are_joined() {
    LineAssembler a = new LineAssembler();
    assertThat(a.feed(ascii("2834567"), 7)).isEmpty();
    assertThat(a.feed(ascii("89012345678\r\n"), 13)).containsExactly("283456789012345678");
    assertThat(a.feed(ascii("a\rb\n\n\r\nc\r"), 9)).containsExactly("a", "b", "c");
  }

  @Test
  void control_bytes_become_question_marks_and_an_overlong_line_is_dropped_whole() {
    LineAssembler a = new LineAssembler();
    byte[] withControl = {'1', 0x1B, '2', (byte) 0xC3, '\n'};
    assertThat(a.feed(withControl, withControl.length)).containsExactly("1?2?");

    byte[] huge = ascii("9".repeat(LineAssembler.MAX_LINE + 10) + "\nok\n");
    assertThat(a.feed(huge, huge.length)).containsExactly("ok");
    assertThat(a.dropped()).isEqualTo(1);
  }

  /** A link fed from a queue; a null chunk is the scanner being unplugged. */
  private static final class QueueLink implements ScannerLink {
    final BlockingQueue<byte[]> chunks;

    QueueLink(BlockingQueue<byte[]> chunks) {
      this.chunks = chunks;
    }

    @Override
    public int read(byte[] buffer) throws IOException {
      try {
        byte[] c = chunks.poll(100, TimeUnit.MILLISECONDS);
        if (c == null) {
          return 0;
        }
        if (c.length == 0) {
          throw new IOException("unplugged");
        }
        System.arraycopy(c, 0, buffer, 0, c.length);
        return c.length;
      } catch (InterruptedException e) {
        throw new IOException("interrupted");
      }
    }

    @Override
    public String describe() {
      return "queue";
    }

    @Override
    public void close() {}
  }

  @Test
  void an_unplugged_scanner_is_opened_again_and_a_half_line_is_not_glued_to_the_next() {
    BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    AtomicInteger opens = new AtomicInteger();
    List<String> seen = new CopyOnWriteArrayList<>();
    SerialCodeScanner scanner =
        new SerialCodeScanner(
            () -> {
              opens.incrementAndGet();
              return new QueueLink(chunks);
            },
            "test",
            Duration.ofMillis(50));
    scanner.start(seen::add);
    try {
      chunks.add(ascii("111111111111111111\r\n"));
      chunks.add(ascii("2222"));
      chunks.add(new byte[0]);
      chunks.add(ascii("333333333333333333\r\n"));

      await().until(() -> seen.size() == 2);
      assertThat(seen).containsExactly("111111111111111111", "333333333333333333");
      assertThat(opens.get()).isEqualTo(2);
      assertThat(scanner.health()).isEqualTo("ok");
    } finally {
      scanner.stop();
    }
  }
}
