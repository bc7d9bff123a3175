package org.gaskiosk.core.journal;

/**
 * A place where a test may cut the power. Production passes {@link #NONE}. A test throws an {@link
 * Error} from {@link #reached} to stop the controller at that instant, exactly as a power cut
 * would: nothing after it runs.
 */
@FunctionalInterface
public interface CrashPoint {
  CrashPoint NONE = point -> {};

  /**
   * @param point e.g. {@code before-commit:PAID}, {@code after-commit:WRITING}
   */
  void reached(String point);
}
