package org.gaskiosk.hw.bill.id003;

import java.util.Arrays;
import java.util.Optional;

/**
 * Cuts a byte stream into {@link Id003Frame}s. Anything before a SYNC byte is noise; a block whose
 * LNG is impossible or whose CRC does not match is dropped by discarding its SYNC byte only, so a
 * real block that starts inside the bad one is still found (resynchronisation on 0xFC). Not
 * thread-safe: one reader owns it.
 */
public final class FrameDecoder {
  private byte[] buf = new byte[64];
  private int size;
  private long noiseBytes;
  private long badBlocks;

  /** Appends received bytes. */
  public void push(byte[] bytes, int offset, int length) {
    if (size + length > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + length));
    }
    System.arraycopy(bytes, offset, buf, size, length);
    size += length;
  }

  /** The next complete, valid block, or empty when more bytes are needed. */
  public Optional<Id003Frame> next() {
    while (true) {
      int start = indexOfSync();
      noiseBytes += start;
      consume(start);
      if (size < 2) {
        return Optional.empty();
      }
      int length = buf[1] & 0xFF;
      if (length < Id003Frame.OVERHEAD) {
        badBlocks++;
        consume(1);
        continue;
      }
      if (size < length) {
        return Optional.empty();
      }
      int crc = (buf[length - 2] & 0xFF) | (buf[length - 1] & 0xFF) << 8;
      if (crc != Crc16Kermit.of(buf, 0, length - 2)) {
        badBlocks++;
        consume(1);
        continue;
      }
      Id003Frame frame = new Id003Frame(buf[2] & 0xFF, Arrays.copyOfRange(buf, 3, length - 2));
      consume(length);
      return Optional.of(frame);
    }
  }

  /** Forgets buffered bytes (stale half-blocks before a new request). */
  public void clear() {
    noiseBytes += size;
    size = 0;
  }

  /** Bytes skipped because they were not part of a valid block. */
  public long noiseBytes() {
    return noiseBytes;
  }

  /** Blocks dropped for an impossible length or a wrong CRC. */
  public long badBlocks() {
    return badBlocks;
  }

  private int indexOfSync() {
    for (int i = 0; i < size; i++) {
      if ((buf[i] & 0xFF) == Id003Frame.SYNC) {
        return i;
      }
    }
    return size;
  }

  private void consume(int n) {
    System.arraycopy(buf, n, buf, 0, size - n);
    size -= n;
  }
}
