package org.gaskiosk.core.engine;

import java.time.Duration;
import java.util.Objects;

/**
 * What the engine needs to know about this kiosk. Validated on construction: an invalid value stops
 * start-up with a message naming the key.
 *
 * @param kioskId the kiosk's id in MQTT topics and events
 * @param terminalId the 6-byte terminal id cards and MACs carry, as 12 hex digits
 * @param minAmountFen the smallest purchase a resident may choose
 * @param maxAmountFen the largest purchase (and the most cash one transaction accepts)
 * @param choiceTimeout inactivity on the amount and payment screens before the purchase is dropped
 * @param cashTimeout inactivity on the cash screen: then what was inserted is loaded (or nothing
 *     happens)
 * @param resultTimeout how long a result stays on screen after the card left
 * @param pollInterval how often the engine looks at the card slot when idle
 * @param hotline the service hotline shown on the help screen ("" when none is configured)
 * @param accessibleSlowdown how many times longer the choice and cash timeouts run in accessible
 *     mode (1-5): an elderly resident reads, finds notes and types more slowly
 */
public record KioskConfig(
    String kioskId,
    String terminalId,
    long minAmountFen,
    long maxAmountFen,
    Duration choiceTimeout,
    Duration cashTimeout,
    Duration resultTimeout,
    Duration pollInterval,
    String hotline,
    int accessibleSlowdown) {

  /** The configuration without a hotline, accessible timeouts twice as long. */
  public KioskConfig(
      String kioskId,
      String terminalId,
      long minAmountFen,
      long maxAmountFen,
      Duration choiceTimeout,
      Duration cashTimeout,
      Duration resultTimeout,
      Duration pollInterval) {
    this(
        kioskId,
        terminalId,
        minAmountFen,
        maxAmountFen,
        choiceTimeout,
        cashTimeout,
        resultTimeout,
        pollInterval,
        "",
        2);
  }

  public KioskConfig {
    require(
        kioskId != null && kioskId.matches("[A-Za-z0-9_-]{1,32}"),
        "kiosk.id",
        kioskId,
        "1-32 letters, digits, '-' or '_' (it is part of MQTT topics)");
    require(
        terminalId != null && terminalId.matches("[0-9A-Fa-f]{12}"),
        "kiosk.terminalId",
        terminalId,
        "12 hex digits (the card's 6-byte terminal id)");
    require(minAmountFen > 0, "purchase.minAmountFen", minAmountFen, "must be positive");
    require(
        maxAmountFen >= minAmountFen,
        "purchase.maxAmountFen",
        maxAmountFen,
        "must not be below purchase.minAmountFen");
    require(
        maxAmountFen <= 10_000_000L,
        "purchase.maxAmountFen",
        maxAmountFen,
        "must not exceed 100000 yuan");
    positive(choiceTimeout, "timeouts.choice");
    positive(cashTimeout, "timeouts.cash");
    positive(resultTimeout, "timeouts.result");
    positive(pollInterval, "engine.pollInterval");
    require(
        hotline != null && hotline.matches("|[0-9][0-9 -]{2,18}[0-9]"),
        "kiosk.hotline",
        hotline,
        "4-20 digits, spaces or '-' (shown to residents and read aloud), or empty");
    require(
        accessibleSlowdown >= 1 && accessibleSlowdown <= 5,
        "timeouts.accessibleSlowdown",
        accessibleSlowdown,
        "must be from 1 to 5");
  }

  /** Defaults for a kiosk: 10 to 1000 yuan, a minute to choose, 90 s of cash inactivity. */
  public static KioskConfig defaults(String kioskId, String terminalId) {
    return new KioskConfig(
        kioskId,
        terminalId,
        1_000,
        100_000,
        Duration.ofSeconds(60),
        Duration.ofSeconds(90),
        Duration.ofSeconds(20),
        Duration.ofMillis(50));
  }

  public KioskConfig withTimeouts(Duration choice, Duration cash, Duration result) {
    return new KioskConfig(
        kioskId,
        terminalId,
        minAmountFen,
        maxAmountFen,
        choice,
        cash,
        result,
        pollInterval,
        hotline,
        accessibleSlowdown);
  }

  public KioskConfig withHotline(String number) {
    return new KioskConfig(
        kioskId,
        terminalId,
        minAmountFen,
        maxAmountFen,
        choiceTimeout,
        cashTimeout,
        resultTimeout,
        pollInterval,
        number,
        accessibleSlowdown);
  }

  public KioskConfig withAccessibleSlowdown(int factor) {
    return new KioskConfig(
        kioskId,
        terminalId,
        minAmountFen,
        maxAmountFen,
        choiceTimeout,
        cashTimeout,
        resultTimeout,
        pollInterval,
        hotline,
        factor);
  }

  private static void positive(Duration d, String key) {
    require(d != null && !d.isNegative() && !d.isZero(), key, d, "must be a positive duration");
  }

  private static void require(boolean ok, String key, Object value, String why) {
    if (!ok) {
      throw new IllegalArgumentException(
          "invalid configuration " + key + "=" + Objects.toString(value) + ": " + why);
    }
  }
}
