package org.gaskiosk.core.engine;

import org.gaskiosk.core.port.CodeScanner;

/** A scanner a test holds codes under. */
final class FakeScanner implements CodeScanner {
  private volatile Listener listener;

  @Override
  public void start(Listener l) {
    this.listener = l;
  }

  @Override
  public void stop() {
    listener = null;
  }

  void scan(String line) {
    listener.onLine(line);
  }
}
