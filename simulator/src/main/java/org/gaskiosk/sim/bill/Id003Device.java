package org.gaskiosk.sim.bill;

import java.util.List;
import org.gaskiosk.hw.bill.id003.DenominationTable;
import org.gaskiosk.hw.bill.id003.Id003Codes;
import org.gaskiosk.hw.bill.id003.Id003Frame;

/**
 * A JCM ID003 bill acceptor as the host sees it on the line, with typed stimuli for tests and the
 * demo. It answers each host block ({@link #answer}) the way the real acceptor does: statuses to
 * STATUS REQUEST, ACK to operation commands, echoes of settings, VEND VALID repeated until the host
 * acknowledges it. Its mechanics advance one step per STATUS REQUEST, so a test is deterministic
 * for a given sequence of polls. It starts powered up and waiting for the host's RESET, inhibited.
 * Thread-safe: the serving thread and the stimuli share one lock.
 */
public final class Id003Device {
  /** Whether the acceptor drew an inserted note in. */
  public enum Insertion {
    DRAWN_IN,
    /** Inhibited, busy with another note, faulted or powering up: the note stays in the hand. */
    REFUSED
  }

  private static final int REJECT_MAGNETIC_PATTERN = 0x72;

  private final AcceptorMechanics m;

  /** A CNY acceptor that returns a note left unanswered for 60 polls in escrow. */
  public Id003Device() {
    this(DenominationTable.CNY, 60);
  }

  public Id003Device(DenominationTable table, int escrowTimeoutPolls) {
    this.m = new AcceptorMechanics(table, escrowTimeoutPolls);
  }

  /** The bytes the acceptor sends back for one host block (empty when it stays silent). */
  public synchronized byte[] answer(Id003Frame request) {
    Id003Frame reply = m.reply(request);
    return reply == null ? new byte[0] : m.line.shape(reply.encode());
  }

  // ---- stimuli: notes ---------------------------------------------------------------------

  /** A resident inserts a genuine note. */
  public Insertion insert(Denomination note) {
    return insert(note.fen());
  }

  /** A resident inserts a note of {@code fen}; a value the firmware does not know is rejected. */
  public synchronized Insertion insert(long fen) {
    return m.draw(fen, 0) ? Insertion.DRAWN_IN : Insertion.REFUSED;
  }

  /** A resident inserts a note the acceptor refuses (counterfeit, worn): it is rejected. */
  public synchronized Insertion insertCounterfeit(long fen) {
    return m.draw(fen, REJECT_MAGNETIC_PATTERN) ? Insertion.DRAWN_IN : Insertion.REFUSED;
  }

  /** Slow stack: the acceptor stays in STACKING until {@link #releaseStall()}. */
  public synchronized void stallStacking() {
    m.stallStacking = true;
  }

  /** Slow return: the acceptor stays in RETURNING until {@link #releaseStall()}. */
  public synchronized void stallReturning() {
    m.stallReturning = true;
  }

  public synchronized void releaseStall() {
    m.stallStacking = false;
    m.stallReturning = false;
  }

  /** The host's next ACK is lost on the line: the acceptor repeats VEND VALID. */
  public synchronized void dropNextAck() {
    m.dropNextAck = true;
  }

  // ---- stimuli: faults and their recoveries -----------------------------------------------

  public synchronized void jamInAcceptor() {
    m.error = Id003Codes.JAM_IN_ACCEPTOR;
  }

  public synchronized void jamInStacker() {
    m.error = Id003Codes.JAM_IN_STACKER;
  }

  /** Clears a jam; a note that was moving carries on where it was. */
  public synchronized void clearJam() {
    m.clearError(Id003Codes.JAM_IN_ACCEPTOR, Id003Codes.JAM_IN_STACKER);
  }

  public synchronized void stackerFull() {
    m.error = Id003Codes.STACKER_FULL;
  }

  public synchronized void emptyStacker() {
    m.clearError(Id003Codes.STACKER_FULL);
  }

  public synchronized void removeCashBox() {
    m.error = Id003Codes.STACKER_OPEN;
  }

  public synchronized void insertCashBox() {
    m.clearError(Id003Codes.STACKER_OPEN);
  }

  public synchronized void pause() {
    m.error = Id003Codes.PAUSE;
  }

  public synchronized void resume() {
    m.clearError(Id003Codes.PAUSE);
  }

  public synchronized void cheat() {
    m.error = Id003Codes.CHEATED;
  }

  public synchronized void clearCheat() {
    m.clearError(Id003Codes.CHEATED);
  }

  /** A hardware failure with the acceptor's failure code (e.g. 0xA2 for the stack motor). */
  public synchronized void fail(int code) {
    m.error = Id003Codes.FAILURE;
    m.failureCode = code;
  }

  public synchronized void repair() {
    m.clearError(Id003Codes.FAILURE);
  }

  /** The acceptor reports 0x4A: it could not understand the host. */
  public synchronized void communicationError() {
    m.error = Id003Codes.COMMUNICATION_ERROR;
  }

  public synchronized void clearCommunicationError() {
    m.clearError(Id003Codes.COMMUNICATION_ERROR);
  }

  // ---- stimuli: the line and power --------------------------------------------------------

  /** Bytes that appear on the line before the next answer. */
  public synchronized void garbage(byte[] bytes) {
    m.line.noise(bytes);
  }

  /** The next {@code n} answers arrive with a wrong CRC. */
  public synchronized void corruptNextReplies(int n) {
    m.line.corruptNext(n);
  }

  /** The next {@code n} answers are cut off halfway. */
  public synchronized void truncateNextReplies(int n) {
    m.line.truncateNext(n);
  }

  /** The acceptor stops answering (cable pulled), or answers again. */
  public synchronized void silent(boolean on) {
    m.line.silent(on);
  }

  /**
   * Power off and on. A note in the head or in escrow is reported with 0x41 (reset returns it), one
   * being stacked (stacking, or VEND VALID not yet acknowledged) with 0x42 (reset stacks it);
   * otherwise a normal power-up 0x40. Settings are lost either way.
   */
  public synchronized void powerCycle() {
    m.powerCycle();
  }

  public synchronized void powerCycleWithBillInAcceptor(long fen) {
    m.powerUp(Id003Codes.POWER_UP_BILL_IN_ACCEPTOR, fen);
  }

  public synchronized void powerCycleWithBillInStacker(long fen) {
    m.powerUp(Id003Codes.POWER_UP_BILL_IN_STACKER, fen);
  }

  // ---- observations -----------------------------------------------------------------------

  /** Notes in the cash box, in fen, in stacking order. */
  public synchronized List<Long> cashBox() {
    return List.copyOf(m.cashBox);
  }

  /** Notes given back to the resident (returned, rejected, or returned on reset). */
  public synchronized List<Long> returnedToCustomer() {
    return List.copyOf(m.returned);
  }

  /** Notes stacked by a reset after power-up with a bill in the stacker (no VEND VALID). */
  public synchronized int stackedWithoutVendValid() {
    return m.stackedWithoutVendValid;
  }

  /**
   * The statuses reported to the host, oldest first, each run of repeats collapsed to one entry
   * ("disabled", "idling", "accepting", "escrow", ...); the last 500 changes.
   */
  public synchronized List<String> reportedStatuses() {
    return List.copyOf(m.history);
  }

  /** STATUS REQUESTs received (answered or not): a clock made of host polls, for tests. */
  public synchronized long statusRequests() {
    return m.statusRequests;
  }

  /** ACKs of VEND VALID that reached the acceptor. */
  public synchronized int acks() {
    return m.acks;
  }

  /** How many times VEND VALID was reported. */
  public synchronized int vendValidReports() {
    return m.vendValidReports;
  }

  /** The status the acceptor would report now ("idling", "escrow", "jam-in-acceptor"...). */
  public synchronized String status() {
    return Id003Codes.statusName(m.status().code());
  }

  public synchronized boolean isInhibited() {
    return m.inhibited();
  }

  /** The 0xC0 mask the host last wrote (a set bit inhibits that escrow code). */
  public synchronized byte[] denominationMask() {
    return m.mask().clone();
  }
}
