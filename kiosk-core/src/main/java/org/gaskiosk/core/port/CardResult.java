package org.gaskiosk.core.port;

/**
 * The outcome of one card operation. Expected card behaviour (a pulled card, a status word refusing
 * the command, an answer that does not parse) is a value; only bugs throw.
 *
 * @param <T> what a successful operation returns
 */
public sealed interface CardResult<T> {

  /** The card answered as expected. */
  record Ok<T>(T value) implements CardResult<T> {}

  /**
   * The card went away (pulled, torn, reader gone) before an answer arrived. Whether the command
   * was applied is unknown: only the card's own evidence at the next insertion can tell.
   */
  record Removed<T>(String during) implements CardResult<T> {}

  /** The card answered with a status word that refuses the command; the card did not apply it. */
  record Refused<T>(int statusWord, String meaning) implements CardResult<T> {}

  /**
   * The card or the reader answered something that makes no sense (garbage, wrong length, transport
   * error). Treated as "unknown whether applied" for commands that change the card.
   */
  record Failed<T>(String message) implements CardResult<T> {}

  static <T> Ok<T> ok(T value) {
    return new Ok<>(value);
  }

  default boolean isOk() {
    return this instanceof Ok;
  }

  /** The value of an {@link Ok}; a bug to call otherwise. */
  default T value() {
    if (this instanceof Ok<T> ok) {
      return ok.value();
    }
    throw new IllegalStateException("not ok: " + this);
  }

  /** Re-types a non-Ok result, for passing a failure up. */
  @SuppressWarnings("unchecked")
  default <U> CardResult<U> castFailure() {
    if (this instanceof Ok) {
      throw new IllegalStateException("an Ok result is not a failure");
    }
    return (CardResult<U>) this;
  }

  /** A short text for logs, screens and the journal. */
  default String describe() {
    if (this instanceof Ok<T> ok) {
      return "ok";
    } else if (this instanceof Removed<T> r) {
      return "card removed during " + r.during();
    } else if (this instanceof Refused<T> r) {
      return String.format("card refused (SW %04X: %s)", r.statusWord(), r.meaning());
    } else {
      return "card error: " + ((Failed<T>) this).message();
    }
  }
}
