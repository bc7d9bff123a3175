package org.gaskiosk.hw.card;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import javax.smartcardio.TerminalFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces SunPCSC's PC/SC context after pcscd restarted (card.md trap 1).
 *
 * <p>SunPCSC keeps one SCARDCONTEXT for the whole JVM in a static field of {@code
 * sun.security.smartcardio.PCSCTerminals} and establishes it only once. When pcscd restarts, every
 * call on that context fails with SCARD_E_NO_SERVICE for the rest of the JVM's life, and a new
 * {@code TerminalFactory.getInstance("PC/SC", null)} shares the dead context (seen on JDK 17.0.15
 * with pcsc-lite 1.9.9; JDK 25 has the same fields). A new JVM works at once.
 *
 * <p>Recovering in place means resetting that field and the provider's reader cache, and asking the
 * provider to establish a context again. That needs the JVM to open the package to this code:
 * {@value #ADD_OPENS} (or {@code Add-Opens: java.smartcardio/sun.security.smartcardio} in an
 * executable jar's manifest). Without it the controller must be restarted (systemd does that when
 * the process exits).
 */
final class SunPcscContext {
  private static final Logger LOG = LoggerFactory.getLogger(SunPcscContext.class);

  static final String ADD_OPENS =
      "--add-opens java.smartcardio/sun.security.smartcardio=ALL-UNNAMED";
  private static final String PACKAGE = "sun.security.smartcardio";

  private SunPcscContext() {}

  /** Whether the factory is the JDK's own PC/SC provider (the only one this applies to). */
  static boolean isSunPcsc(TerminalFactory factory) {
    return "SunPCSC".equals(factory.getProvider().getName());
  }

  /** Why the context cannot be replaced in this JVM; empty when it can. */
  static Optional<String> unavailableReason() {
    Optional<Module> module = ModuleLayer.boot().findModule("java.smartcardio");
    if (module.isEmpty()) {
      return Optional.of("the java.smartcardio module is not in this JVM");
    }
    if (!module.get().isOpen(PACKAGE, SunPcscContext.class.getModule())) {
      return Optional.of("start the JVM with " + ADD_OPENS + " to recover in place");
    }
    return Optional.empty();
  }

  /**
   * Drops the dead context and establishes a new one.
   *
   * @return false when that is not possible in this JVM or pcscd does not answer yet (the next call
   *     tries again: the provider's context stays unset until it succeeds)
   */
  static synchronized boolean reestablish() {
    if (unavailableReason().isPresent()) {
      return false;
    }
    try {
      Class<?> terminals = Class.forName(PACKAGE + ".PCSCTerminals");
      Field context = terminals.getDeclaredField("contextId");
      Field cache = terminals.getDeclaredField("terminals");
      Method init = terminals.getDeclaredMethod("initContext");
      context.setAccessible(true);
      cache.setAccessible(true);
      init.setAccessible(true);
      // initContext() and the reader cache are guarded by the class's own lock.
      synchronized (terminals) {
        context.setLong(null, 0L);
        ((Map<?, ?>) cache.get(null)).clear();
        init.invoke(null);
      }
      return true;
    } catch (InvocationTargetException e) {
      LOG.debug("pcscd does not answer yet: {}", PcscFailures.describe(e.getCause()));
      return false;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("cannot replace the PC/SC context of this JDK: {}", PcscFailures.describe(e));
      return false;
    }
  }
}
