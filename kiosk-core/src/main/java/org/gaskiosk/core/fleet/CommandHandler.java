package org.gaskiosk.core.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.function.Function;

/**
 * Carries out one kind of remote command on the fleet thread, after its signature, expiry and
 * replay checks passed. Lock, unlock and set-config are built in; the composition root supplies
 * reboot, print-test, self-test, collect-logs and resync (a command without a handler is refused as
 * {@code unsupported}).
 *
 * <p>Hazard: a power cut after the result is journaled but before the command log says so runs the
 * command once more after the restart: handlers must tolerate running twice. A handler that ends
 * the process ({@code reboot}) schedules that after returning, so its result is committed first.
 */
public interface CommandHandler {
  /** True when it must wait until no customer is mid-transaction (lock, reboot, set-config). */
  boolean disruptive();

  /** Runs the command; throw only for bugs (an exception becomes a {@code failed} result). */
  Outcome run(JsonNode args);

  /**
   * How it went, for the {@code cmd.result} event.
   *
   * @param ok done as asked
   * @param detail a sentence for the maintenance staff
   * @param data extra result fields (e.g. where the logs were put), or null
   */
  record Outcome(boolean ok, String detail, JsonNode data) {
    public Outcome {
      Objects.requireNonNull(detail, "detail");
    }

    public static Outcome done(String detail) {
      return new Outcome(true, detail, null);
    }

    public static Outcome failed(String detail) {
      return new Outcome(false, detail, null);
    }
  }

  /** A handler from a lambda. */
  static CommandHandler of(boolean disruptive, Function<JsonNode, Outcome> run) {
    return new CommandHandler() {
      @Override
      public boolean disruptive() {
        return disruptive;
      }

      @Override
      public Outcome run(JsonNode args) {
        return run.apply(args);
      }
    };
  }
}
