package org.gaskiosk.sim.chaos;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * What happened, step by step, without ids that differ between runs (txnIds, note ids): two runs of
 * one seed produce the same trace, which a digest summarises. The last lines are kept for the
 * failure report; every line goes to an optional sink (the replay prints them).
 */
final class Trace {
  private static final int TAIL = 60;
  private final MessageDigest digest;
  private final Deque<String> tail = new ArrayDeque<>();
  private final Consumer<String> sink;
  private long step;

  Trace(Consumer<String> sink) {
    this.sink = sink;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Starts the next step; returns its number. */
  long step(String what) {
    step++;
    line("#" + step + " " + what);
    return step;
  }

  void note(String what) {
    line("    " + what);
  }

  long currentStep() {
    return step;
  }

  private void line(String text) {
    digest.update(text.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) '\n');
    tail.addLast(text);
    if (tail.size() > TAIL) {
      tail.removeFirst();
    }
    if (sink != null) {
      sink.accept(text);
    }
  }

  List<String> tail() {
    return new ArrayList<>(tail);
  }

  /** The digest of every line so far (the trace's identity). */
  String digestHex() {
    try {
      MessageDigest copy = (MessageDigest) digest.clone();
      return HexFormat.of().formatHex(copy.digest());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 digests are cloneable", e);
    }
  }
}
