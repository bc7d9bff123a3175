package org.gaskiosk.hw.bill.id003;

import static org.gaskiosk.hw.bill.id003.Id003Codes.ACCEPTING;
import static org.gaskiosk.hw.bill.id003.Id003Codes.DISABLED;
import static org.gaskiosk.hw.bill.id003.Id003Codes.ESCROW;
import static org.gaskiosk.hw.bill.id003.Id003Codes.HOLDING;
import static org.gaskiosk.hw.bill.id003.Id003Codes.IDLING;
import static org.gaskiosk.hw.bill.id003.Id003Codes.INITIALIZE;
import static org.gaskiosk.hw.bill.id003.Id003Codes.POWER_UP;
import static org.gaskiosk.hw.bill.id003.Id003Codes.POWER_UP_BILL_IN_ACCEPTOR;
import static org.gaskiosk.hw.bill.id003.Id003Codes.POWER_UP_BILL_IN_STACKER;
import static org.gaskiosk.hw.bill.id003.Id003Codes.REJECTING;
import static org.gaskiosk.hw.bill.id003.Id003Codes.RETURNING;
import static org.gaskiosk.hw.bill.id003.Id003Codes.STACKED;
import static org.gaskiosk.hw.bill.id003.Id003Codes.STACKING;
import static org.gaskiosk.hw.bill.id003.Id003Codes.VEND_VALID;
import static org.gaskiosk.hw.bill.id003.Id003Codes.isError;
import static org.gaskiosk.hw.bill.id003.Id003Codes.isPowerUp;
import static org.gaskiosk.hw.bill.id003.Id003Codes.statusName;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each polled status into note events ({@link NoteFlow}) and fault events ({@link
 * FaultBook}). The acceptor reports one condition at a time, so an error status raises its fault
 * and ends any other status fault, and any normal status ends them all, each with its recovery
 * event. A transient state held longer than the bound is itself a fault. Poll-thread only.
 */
final class StatusHandler {
  private static final Logger log = LoggerFactory.getLogger(StatusHandler.class);
  private static final Set<AcceptorFault> STATUS_FAULTS =
      EnumSet.of(
          AcceptorFault.JAM_IN_ACCEPTOR,
          AcceptorFault.JAM_IN_STACKER,
          AcceptorFault.STACKER_FULL,
          AcceptorFault.CASH_BOX_REMOVED,
          AcceptorFault.PAUSED,
          AcceptorFault.CHEATED,
          AcceptorFault.FAILURE,
          AcceptorFault.COMMUNICATION_ERROR);
  private static final Set<Integer> TRANSIENT = Set.of(ACCEPTING, STACKING, RETURNING, REJECTING);

  private final NoteFlow notes;
  private final FaultBook faults;
  private final Clock clock;
  private final Duration transientBound;
  private int last = -1;
  private Instant since;

  StatusHandler(NoteFlow notes, FaultBook faults, Clock clock, Duration transientBound) {
    this.notes = notes;
    this.faults = faults;
    this.clock = clock;
    this.transientBound = transientBound;
  }

  /** The last status polled, or -1 before the first answer. */
  int last() {
    return last;
  }

  /** Handles one polled status; the acceptor answers through {@code device}. */
  void handle(Id003Frame status, NoteFlow.Commands device) throws IOException {
    int s = status.code();
    boolean changed = s != last;
    if (changed) {
      log.debug("acceptor status {} -> {}", statusName(last), status);
      last = s;
      since = clock.instant();
    }
    statusFaults(s, status);
    stuck(s, changed);
    switch (s) {
      case POWER_UP, POWER_UP_BILL_IN_ACCEPTOR, POWER_UP_BILL_IN_STACKER -> {
        if (changed) {
          notes.powerUp(s);
        }
      }
      case IDLING, DISABLED, INITIALIZE -> notes.rest(statusName(s));
      case ESCROW, HOLDING -> notes.escrow(status.firstData(), device);
      case STACKING -> notes.stacking();
      case VEND_VALID -> notes.vendValid(device);
      case STACKED -> {
        if (changed) {
          notes.stacked();
        }
      }
      case REJECTING -> {
        if (changed) {
          notes.rejecting(status.firstData());
        }
      }
      case RETURNING -> {
        if (changed) {
          notes.returning();
        }
      }
      default -> {
        if (changed && !isError(s) && s != ACCEPTING) {
          log.warn("acceptor answered an unexpected status {}", status);
        }
      }
    }
  }

  private void statusFaults(int s, Id003Frame status) {
    AcceptorFault current = AcceptorFault.ofStatus(s);
    boolean known = isError(s) || isPowerUp(s) || (s >= IDLING && s <= INITIALIZE);
    if (!known) {
      return; // an unknown status tells nothing about the faults
    }
    for (AcceptorFault f : STATUS_FAULTS) {
      if (f != current) {
        faults.clear(f);
      }
    }
    if (current != null) {
      faults.raise(current, describe(current, status));
    }
  }

  private static String describe(AcceptorFault f, Id003Frame status) {
    return switch (f) {
      case JAM_IN_ACCEPTOR -> "a note is jammed in the acceptor head";
      case JAM_IN_STACKER -> "a note is jammed in the stacker";
      case STACKER_FULL -> "the cash box is full";
      case CASH_BOX_REMOVED -> "the cash box is removed or open";
      case PAUSED -> "the acceptor paused (a second note was inserted while stacking)";
      case CHEATED -> "the acceptor detected a cheating attempt (string or fishing)";
      case FAILURE ->
          String.format("the acceptor reports a hardware failure, code 0x%02X", status.firstData());
      case COMMUNICATION_ERROR -> "the acceptor reports a communication error on its side";
      default -> f.code();
    };
  }

  private void stuck(int s, boolean changed) {
    if (changed || !TRANSIENT.contains(s)) {
      faults.clear(AcceptorFault.STUCK);
    }
    if (TRANSIENT.contains(s)) {
      Duration held = Duration.between(since, clock.instant());
      if (held.compareTo(transientBound) > 0) {
        faults.raise(
            AcceptorFault.STUCK,
            "the acceptor has been " + statusName(s) + " for longer than " + transientBound);
      }
    }
  }
}
