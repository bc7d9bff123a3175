package org.gaskiosk.hw.bill.id003;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.gaskiosk.core.port.BillListener;
import org.gaskiosk.core.port.BillListener.EscrowDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of one banknote between escrow and the end of its episode, and the exactly-once rule:
 * credit ({@link BillListener#onStacked}) happens on VEND VALID only, the ACK is sent only after
 * that call returned normally, and a repeated VEND VALID for the same note carries the same note
 * id. A note whose fate the driver cannot know (sent to the stacker but never reported VEND VALID,
 * power-up with a bill in the stacker, VEND VALID for a note never escrowed here) is never
 * credited: it becomes a {@link AcceptorFault#RECONCILIATION} fault for the journal and a person to
 * settle. Poll-thread only.
 */
final class NoteFlow {
  private static final Logger log = LoggerFactory.getLogger(NoteFlow.class);

  /** What the flow needs from the acceptor. */
  interface Commands {
    /** Sends an operation command; true when the acceptor acknowledged it. */
    boolean operate(int command) throws IOException;

    /** Sends the ACK that ends VEND VALID (the acceptor does not answer it). */
    void acknowledgeVendValid() throws IOException;
  }

  private final BillListener listener;
  private final EscrowDecider decider;
  private final DenominationTable table;
  private final FaultBook faults;
  private final BooleanSupplier enabled;
  private final List<String> unresolved = new ArrayList<>();
  private Note note;

  NoteFlow(
      BillListener listener,
      EscrowDecider decider,
      DenominationTable table,
      FaultBook faults,
      BooleanSupplier enabled) {
    this.listener = listener;
    this.decider = decider;
    this.table = table;
    this.faults = faults;
    this.enabled = enabled;
  }

  /** ESCROW or HOLDING: decide once per note, and (re)send the decision while the note waits. */
  void escrow(int escrowCode, Commands device) throws IOException {
    if (escrowCode < 0 && note != null) {
      escrowCode = note.escrowCode; // HOLDING carries no code: it is the note already in escrow
    }
    if (note != null && !note.waitsInEscrow(escrowCode)) {
      end("a new note reached escrow");
    }
    if (note == null) {
      OptionalLong fen = table.fen(escrowCode);
      note = new Note(escrowCode, fen.orElse(0));
      note.decision = decide(note, fen.isPresent());
      log.info("note {} of {} fen in escrow: {}", note.id, note.fen, note.decision);
    }
    boolean acked =
        device.operate(
            note.decision == EscrowDecision.STACK ? Id003Codes.STACK_1 : Id003Codes.RETURN);
    if (!acked) {
      log.warn(
          "escrow answer {} for note {} not acknowledged; resent next poll",
          note.decision,
          note.id);
    }
  }

  private EscrowDecision decide(Note n, boolean known) {
    if (!known) {
      log.error(
          "escrow code 0x{} is not in the denomination table: returning the note",
          Integer.toHexString(n.escrowCode));
      return EscrowDecision.RETURN;
    }
    if (!enabled.getAsBoolean()) {
      return EscrowDecision.RETURN;
    }
    return decider.decide(n.fen);
  }

  void stacking() {
    if (note != null && note.decision == EscrowDecision.STACK) {
      note.stacking = true;
    }
  }

  /** VEND VALID (first or repeated): credit through the listener, then ACK, never the other way. */
  void vendValid(Commands device) throws IOException {
    if (note == null || note.decision != EscrowDecision.STACK) {
      orphanVendValid(device);
      return;
    }
    note.stacking = true;
    boolean repeat = note.credited;
    try {
      listener.onStacked(note.id, note.fen);
      note.credited = true;
      faults.clear(AcceptorFault.CREDIT_FAILED);
    } catch (RuntimeException e) {
      if (!repeat) {
        creditFailed(e);
        return;
      }
      // The first call returned normally, so the credit is already durable: acknowledge anyway.
      log.warn(
          "repeated credit of note {} failed after the first succeeded; acknowledging", note.id, e);
    }
    device.acknowledgeVendValid();
    note.acks++;
    if (repeat) {
      log.info(
          "VEND VALID repeated for note {} (ACK lost): acknowledged again, acks={}",
          note.id,
          note.acks);
    }
  }

  private void creditFailed(RuntimeException e) {
    // Logged in full once per note; the poll loop retries on every repeated VEND VALID.
    if (note.creditFailures++ == 0) {
      log.error(
          "credit of note {} ({} fen) not durable: VEND VALID left unacknowledged",
          note.id,
          note.fen,
          e);
    } else {
      log.debug(
          "credit of note {} failed again ({} times): {}",
          note.id,
          note.creditFailures,
          e.toString());
    }
    faults.raise(
        AcceptorFault.CREDIT_FAILED,
        "note "
            + note.id
            + " of "
            + note.fen
            + " fen is in the stacker but its credit failed ("
            + e.getMessage()
            + "); VEND VALID stays unacknowledged and is retried");
  }

  private void orphanVendValid(Commands device) throws IOException {
    if (note == null || !note.orphan) {
      // Not a return: the acceptor says the note is in the cash box. Report it, never credit it.
      String what =
          note == null
              ? "a note this driver never sent to the stacker (driver restarted?)"
              : note.describe() + ", which this driver answered " + note.decision;
      note = Note.orphan();
      unresolved("VEND VALID for " + what + "; acknowledged, not credited");
    }
    device.acknowledgeVendValid();
  }

  void stacked() {
    if (note != null && (note.credited || note.orphan)) {
      note = null;
    } else if (note != null) {
      end("reported stacked without VEND VALID");
    }
  }

  void returning() {
    if (note != null && !note.returned && !note.credited) {
      note.returned = true;
      returned(
          note.fen,
          note.decision == EscrowDecision.RETURN
              ? "returned at escrow"
              : "returned by the acceptor");
    }
  }

  void rejecting(int reasonCode) {
    long fen = note == null ? 0 : note.fen;
    if (note != null && (note.credited || note.returned)) {
      fen = 0;
    }
    note = null;
    returned(fen, "rejected: " + Id003Codes.rejectReason(reasonCode));
  }

  /** The acceptor is at rest (idling, disabled, initializing): any note episode is over. */
  void rest(String status) {
    if (note != null) {
      end("the acceptor went " + status);
    }
  }

  /** Power-up 0x40/0x41/0x42, before the driver resets the acceptor. */
  void powerUp(int status) {
    Note n = note;
    note = null;
    if (status == Id003Codes.POWER_UP_BILL_IN_STACKER) {
      if (n != null && (n.credited || n.orphan)) {
        log.info("power-up with note {} in the stacker: already credited", n.id);
        return;
      }
      String what = n == null ? "a note this driver never saw in escrow" : n.describe();
      if (n == null) {
        BillListener.LastEscrow last = lastEscrow();
        if (last.known() && last.credited()) {
          log.info(
              "power-up with a bill in the stacker: the journal credited the last note sent to the"
                  + " stacker ({} fen, txn {}); nothing to reconcile",
              last.valueFen(),
              last.txnId());
          return;
        }
        if (last.known()) {
          what =
              "the journal's last escrowed note, "
                  + last.valueFen()
                  + " fen for txn "
                  + last.txnId()
                  + ", was never credited";
        }
      }
      unresolved(
          "power-up with a bill in the stacker: " + what + "; reset stacks it, not credited");
      if (n != null && n.decision != null && !n.returned) {
        returned(n.fen, "unresolved: power-up with the bill in the stacker (see reconciliation)");
      }
    } else if (status == Id003Codes.POWER_UP_BILL_IN_ACCEPTOR) {
      log.info(
          "power-up with a bill in the acceptor ({}): reset returns it, no credit",
          n == null ? "unknown note" : n.describe());
      if (n != null && n.decision != null && !n.returned && !n.credited) {
        returned(n.fen, "returned after power-up with the bill in the acceptor");
      }
    } else if (n != null) {
      note = n;
      end("the acceptor powered up");
    }
  }

  private BillListener.LastEscrow lastEscrow() {
    try {
      return listener.lastEscrow();
    } catch (RuntimeException e) {
      log.warn("the journal could not say which note was last escrowed", e);
      return BillListener.LastEscrow.UNKNOWN;
    }
  }

  /** A person settled every unresolved note: the reconciliation fault ends. */
  void reconciled() {
    unresolved.clear();
    faults.clear(AcceptorFault.RECONCILIATION);
  }

  private void end(String why) {
    Note n = note;
    note = null;
    if (n.credited || n.orphan || n.returned) {
      return;
    }
    if (n.decision == EscrowDecision.RETURN) {
      returned(n.fen, "returned at escrow");
    } else if (n.decision == EscrowDecision.STACK) {
      unresolved(n.describe() + " was sent to the stacker but " + why + "; not credited");
      returned(n.fen, "unresolved: " + why + " (see reconciliation)");
    }
  }

  private void unresolved(String text) {
    unresolved.add(text);
    faults.raise(AcceptorFault.RECONCILIATION, String.join("; ", unresolved));
  }

  private void returned(long fen, String reason) {
    try {
      listener.onReturned(fen, reason);
    } catch (RuntimeException e) {
      log.error("listener failed on a returned note of {} fen ({})", fen, reason, e);
    }
  }

  /** One physical note as this driver saw it. */
  private static final class Note {
    final String id;
    final int escrowCode;
    final long fen;
    final boolean orphan;
    EscrowDecision decision;
    boolean stacking;
    boolean credited;
    boolean returned;
    int acks;
    int creditFailures;

    Note(int escrowCode, long fen) {
      this(UUID.randomUUID().toString(), escrowCode, fen, false);
    }

    private Note(String id, int escrowCode, long fen, boolean orphan) {
      this.id = id;
      this.escrowCode = escrowCode;
      this.fen = fen;
      this.orphan = orphan;
    }

    static Note orphan() {
      return new Note("orphan-" + UUID.randomUUID(), -1, 0, true);
    }

    boolean waitsInEscrow(int code) {
      return !orphan && escrowCode == code && !stacking && !credited && !returned;
    }

    String describe() {
      return "note " + id + " of " + fen + " fen";
    }
  }
}
