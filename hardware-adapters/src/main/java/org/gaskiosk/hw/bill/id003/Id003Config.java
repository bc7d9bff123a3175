package org.gaskiosk.hw.bill.id003;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How the ID003 driver talks to one acceptor.
 *
 * @param device the device name in faults and logs
 * @param denominations the acceptor firmware's escrow-code table
 * @param accepted the notes (fen) enabled with command 0xC0 at start; others are inhibited
 * @param pollInterval time between STATUS REQUESTs (ID003 hosts poll every 100-200 ms)
 * @param responseTimeout how long one answer may take before the poll counts as missed
 * @param missedPollsForLinkLost consecutive missed polls that raise {@link AcceptorFault#LINK_LOST}
 * @param transientBound how long the acceptor may stay accepting, stacking, returning or rejecting
 *     before {@link AcceptorFault#STUCK} is raised
 * @param escrowAnswerBound the most the listener's escrow decision may take; past it the note is
 *     returned, well inside the acceptor's own escrow timeout
 * @param reopenBackoff wait between attempts to reopen a lost link
 * @param clock timestamps and deadlines
 */
public record Id003Config(
    String device,
    DenominationTable denominations,
    Set<Long> accepted,
    Duration pollInterval,
    Duration responseTimeout,
    int missedPollsForLinkLost,
    Duration transientBound,
    Duration escrowAnswerBound,
    Duration reopenBackoff,
    Clock clock) {

  public Id003Config {
    Objects.requireNonNull(device);
    Objects.requireNonNull(denominations);
    accepted = Set.copyOf(accepted);
    denominations.inhibitMask(accepted); // fails fast on a note the table does not know
    positive(pollInterval, "pollInterval");
    positive(responseTimeout, "responseTimeout");
    positive(transientBound, "transientBound");
    positive(escrowAnswerBound, "escrowAnswerBound");
    positive(reopenBackoff, "reopenBackoff");
    if (missedPollsForLinkLost < 1) {
      throw new IllegalArgumentException("missedPollsForLinkLost must be at least 1");
    }
    Objects.requireNonNull(clock);
  }

  /** A CNY acceptor taking every note, polled every 150 ms. */
  public static Id003Config defaults(Clock clock) {
    return new Id003Config(
        "bill-acceptor",
        DenominationTable.CNY,
        DenominationTable.CNY.values(),
        Duration.ofMillis(150),
        Duration.ofMillis(500),
        3,
        Duration.ofSeconds(10),
        Duration.ofSeconds(2),
        Duration.ofSeconds(1),
        clock);
  }

  public Id003Config withAccepted(Set<Long> fen) {
    return new Id003Config(
        device,
        denominations,
        fen,
        pollInterval,
        responseTimeout,
        missedPollsForLinkLost,
        transientBound,
        escrowAnswerBound,
        reopenBackoff,
        clock);
  }

  public Id003Config withTiming(
      Duration pollInterval, Duration responseTimeout, Duration reopenBackoff) {
    return new Id003Config(
        device,
        denominations,
        accepted,
        pollInterval,
        responseTimeout,
        missedPollsForLinkLost,
        transientBound,
        escrowAnswerBound,
        reopenBackoff,
        clock);
  }

  public Id003Config withBounds(Duration transientBound, Duration escrowAnswerBound) {
    return new Id003Config(
        device,
        denominations,
        accepted,
        pollInterval,
        responseTimeout,
        missedPollsForLinkLost,
        transientBound,
        escrowAnswerBound,
        reopenBackoff,
        clock);
  }

  private static void positive(Duration d, String name) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }
}
