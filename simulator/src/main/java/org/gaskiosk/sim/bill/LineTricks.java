package org.gaskiosk.sim.bill;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * What the simulated line does to the acceptor's next answers: noise before it, a flipped CRC bit,
 * a cut-off block, or silence (cable pulled). Guarded by the device's lock.
 */
final class LineTricks {
  private final ByteArrayOutputStream noise = new ByteArrayOutputStream();
  private int corruptNext;
  private int truncateNext;
  private boolean silent;

  void noise(byte[] bytes) {
    noise.writeBytes(bytes);
  }

  void corruptNext(int replies) {
    corruptNext += replies;
  }

  void truncateNext(int replies) {
    truncateNext += replies;
  }

  void silent(boolean on) {
    silent = on;
  }

  boolean silent() {
    return silent;
  }

  /** The bytes that actually go on the line for {@code reply}. */
  byte[] shape(byte[] reply) {
    if (silent) {
      return new byte[0];
    }
    byte[] out = reply;
    if (truncateNext > 0) {
      truncateNext--;
      out = Arrays.copyOf(out, Math.max(1, out.length / 2));
    } else if (corruptNext > 0) {
      corruptNext--;
      out = out.clone();
      out[out.length - 1] ^= 0x5A;
    }
    if (noise.size() > 0) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      b.writeBytes(noise.toByteArray());
      b.writeBytes(out);
      noise.reset();
      out = b.toByteArray();
    }
    return out;
  }
}
