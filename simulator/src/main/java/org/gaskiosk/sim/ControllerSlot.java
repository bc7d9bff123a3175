package org.gaskiosk.sim;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.gaskiosk.core.engine.ActionOutcome;
import org.gaskiosk.core.engine.KioskApi;
import org.gaskiosk.core.engine.KioskEngine;
import org.gaskiosk.core.engine.KioskView;
import org.gaskiosk.core.fleet.KioskControl;
import org.gaskiosk.core.fleet.KioskMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the touchscreen server and the fleet agent reach the controller, so the demo can replace
 * the engine in-process (a {@code reboot}, a new configuration) without them noticing: calls go to
 * the engine of the moment, view subscriptions move over to the new one.
 */
final class ControllerSlot implements KioskApi, KioskControl, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ControllerSlot.class);

  private final class Subscription implements AutoCloseable {
    final Consumer<KioskView> listener;
    AutoCloseable handle;

    Subscription(Consumer<KioskView> listener) {
      this.listener = listener;
    }

    @Override
    public void close() throws Exception {
      synchronized (ControllerSlot.this) {
        subscriptions.remove(this);
        if (handle != null) {
          handle.close();
        }
      }
    }
  }

  private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
  private volatile KioskEngine engine;

  /**
   * Added to the engine's view versions: a new engine counts from 1 again, and the page ignores a
   * view whose version is not above the one it shows, so versions must keep rising across engines.
   */
  private volatile long versionBase;

  private volatile KioskMode mode = KioskMode.IN_SERVICE;

  ControllerSlot(KioskEngine first) {
    this.engine = first;
  }

  KioskEngine engine() {
    return engine;
  }

  /**
   * Closes the running engine, then starts the next (never two engines on one card reader and
   * journal at once) and puts it in place, in the mode the fleet last asked for. If the next one
   * cannot start, the error leaves and the slot keeps the closed engine: the API answers 503.
   */
  synchronized void replace(Supplier<KioskEngine> startNext) {
    KioskEngine old = engine;
    long base = versionBase + old.view().version();
    old.close();
    KioskEngine next = startNext.get();
    next.setMode(mode);
    versionBase = base;
    engine = next;
    for (Subscription s : subscriptions) {
      try {
        s.handle.close();
      } catch (Exception e) {
        log.debug("old engine's subscription did not close", e);
      }
      s.handle = next.subscribe(v -> s.listener.accept(continued(v)));
      s.listener.accept(view());
    }
  }

  private KioskView continued(KioskView v) {
    long base = versionBase;
    return base == 0
        ? v
        : new KioskView(base + v.version(), v.screen(), v.lang(), v.accessible(), v.data());
  }

  @Override
  public KioskView view() {
    return continued(engine.view());
  }

  @Override
  public ActionOutcome act(String action, Map<String, Object> body) {
    ActionOutcome out = engine.act(action, body);
    return out instanceof ActionOutcome.Done d ? new ActionOutcome.Done(continued(d.view())) : out;
  }

  @Override
  public synchronized AutoCloseable subscribe(Consumer<KioskView> listener) {
    Subscription s = new Subscription(listener);
    s.handle = engine.subscribe(v -> listener.accept(continued(v)));
    subscriptions.add(s);
    return s;
  }

  @Override
  public boolean customerMidTransaction() {
    return engine.customerMidTransaction();
  }

  @Override
  public synchronized void setMode(KioskMode mode) {
    this.mode = mode;
    engine.setMode(mode);
  }

  @Override
  public void close() {
    engine.close();
  }
}
