package org.gaskiosk.core.engine;

import java.util.Map;
import java.util.function.Consumer;

/** What the touchscreen bridge and automation scripts see of the controller. Thread-safe. */
public interface KioskApi {

  /** The current view. */
  KioskView view();

  /**
   * Takes an action of the automation contract ({@code start-purchase}, {@code set-amount}, ...).
   * The body is parsed JSON (strings, numbers, booleans, lists, maps); anything unexpected in it is
   * refused, changing nothing.
   */
  ActionOutcome act(String action, Map<String, Object> body);

  /**
   * Calls {@code listener} with every new view, from a notification thread; close the handle to
   * stop.
   */
  AutoCloseable subscribe(Consumer<KioskView> listener);
}
