package org.gaskiosk.ui;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.gaskiosk.core.engine.ActionOutcome;
import org.gaskiosk.core.engine.KioskApi;
import org.gaskiosk.core.engine.KioskView;

/**
 * A scripted engine: tests publish views (the calling thread plays the engine's notification
 * thread), choose how actions are answered and read back the actions taken.
 */
final class FakeKioskApi implements KioskApi {

  record Call(String action, Map<String, Object> body) {}

  private final AtomicReference<KioskView> current =
      new AtomicReference<>(new KioskView(1, "idle", "zh-CN", false, Map.of()));
  private final List<Consumer<KioskView>> listeners = new CopyOnWriteArrayList<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private volatile BiFunction<String, Map<String, Object>, ActionOutcome> answer =
      (action, body) -> new ActionOutcome.Done(current.get());
  private volatile RuntimeException viewFailure;
  private volatile Hold unsubscribeHold;

  /**
   * Holds back every later unsubscribe until released: a subscriber that leaves (an event-stream
   * writer ending) is kept at that point, so a test can let the server move on meanwhile.
   */
  static final class Hold {
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    /** True once some subscriber is waiting in its unsubscribe. */
    boolean reached() {
      return reached.getCount() == 0;
    }

    void release() {
      released.countDown();
    }

    /** Waits for the release, through interrupts: the caller may well be an interrupted thread. */
    private void pass() {
      reached.countDown();
      boolean interrupted = false;
      while (true) {
        try {
          released.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public KioskView view() {
    RuntimeException failure = viewFailure;
    if (failure != null) {
      throw failure;
    }
    return current.get();
  }

  @Override
  public ActionOutcome act(String action, Map<String, Object> body) {
    calls.add(new Call(action, body));
    return answer.apply(action, body);
  }

  @Override
  public AutoCloseable subscribe(Consumer<KioskView> listener) {
    listeners.add(listener);
    return () -> {
      Hold hold = unsubscribeHold;
      if (hold != null) {
        hold.pass();
      }
      listeners.remove(listener);
    };
  }

  /** From now on, unsubscribes wait until the returned hold is released. */
  Hold holdUnsubscribes() {
    Hold hold = new Hold();
    unsubscribeHold = hold;
    return hold;
  }

  /** Makes {@code screen} with {@code data} the next view and notifies every subscriber. */
  KioskView publish(String screen, Map<String, Object> data) {
    KioskView previous = current.get();
    KioskView next =
        new KioskView(previous.version() + 1, screen, previous.lang(), previous.accessible(), data);
    publish(next);
    return next;
  }

  void publish(KioskView view) {
    current.set(view);
    listeners.forEach(listener -> listener.accept(view));
  }

  void answerActionsWith(BiFunction<String, Map<String, Object>, ActionOutcome> answer) {
    this.answer = answer;
  }

  void failViewWith(RuntimeException failure) {
    this.viewFailure = failure;
  }

  KioskView current() {
    return current.get();
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  int subscribers() {
    return listeners.size();
  }
}
