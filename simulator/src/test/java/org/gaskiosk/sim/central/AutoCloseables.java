package org.gaskiosk.sim.central;

import java.util.ArrayDeque;
import java.util.Deque;

/** Closes what a test opened, newest first, even when one close fails. */
final class AutoCloseables {
  private final Deque<AutoCloseable> open = new ArrayDeque<>();

  <T extends AutoCloseable> T add(T closeable) {
    open.push(closeable);
    return closeable;
  }

  void closeAll() throws Exception {
    Exception first = null;
    while (!open.isEmpty()) {
      try {
        open.pop().close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
