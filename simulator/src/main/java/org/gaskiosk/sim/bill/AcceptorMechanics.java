package org.gaskiosk.sim.bill;

import static org.gaskiosk.hw.bill.id003.Id003Codes.ACK;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gaskiosk.hw.bill.id003.DenominationTable;
import org.gaskiosk.hw.bill.id003.Id003Codes;
import org.gaskiosk.hw.bill.id003.Id003Frame;

/**
 * The inside of the simulated acceptor: its phase, error, settings and what it answers to each host
 * block. The mechanics advance one step per STATUS REQUEST (accepting, stacking, stacked, returning
 * and rejecting each last one poll unless stalled); VEND VALID repeats until the host's ACK
 * arrives. Guarded by {@link Id003Device}'s lock; not thread-safe on its own.
 */
final class AcceptorMechanics {
  enum Phase {
    POWER_UP,
    INITIALIZING,
    READY,
    ACCEPTING,
    ESCROW,
    HOLDING,
    STACKING,
    VEND_VALID,
    STACKED,
    RETURNING,
    REJECTING
  }

  static final int REJECT_INHIBITED = 0x79;
  private static final int HISTORY_LIMIT = 500;
  private static final byte[] VERSION =
      "SIM(CHN)-100 ID003-05V100-00 01JAN25 0000".getBytes(StandardCharsets.US_ASCII);

  private final DenominationTable table;
  private final int escrowTimeoutPolls;
  private final Map<Integer, byte[]> settings = new HashMap<>();
  final LineTricks line = new LineTricks();
  final List<Long> cashBox = new ArrayList<>();
  final List<Long> returned = new ArrayList<>();
  final List<String> history = new ArrayList<>();
  Phase phase = Phase.POWER_UP;
  int error;
  int failureCode;
  boolean stallStacking;
  boolean stallReturning;
  boolean dropNextAck;
  int acks;
  long statusRequests;
  int vendValidReports;
  int stackedWithoutVendValid;
  private int powerUpStatus = Id003Codes.POWER_UP;
  private long powerUpBill;
  private boolean powerUpBillBoxed;
  private long noteFen;
  private int noteCode;
  private int rejectCode;
  private int escrowPolls;

  AcceptorMechanics(DenominationTable table, int escrowTimeoutPolls) {
    this.table = table;
    this.escrowTimeoutPolls = escrowTimeoutPolls;
    defaultSettings();
  }

  /** The answer to one host block, or null when the acceptor stays silent. */
  Id003Frame reply(Id003Frame request) {
    int cmd = request.code();
    if (cmd == Id003Codes.STATUS_REQUEST) {
      statusRequests++;
      Id003Frame status = status();
      if (!line.silent()) {
        vendValidReports += status.code() == Id003Codes.VEND_VALID ? 1 : 0;
        remember(Id003Codes.statusName(status.code()));
        advance();
      }
      return status;
    }
    if (line.silent()) {
      return null;
    }
    if (cmd == ACK) {
      acknowledged();
      return null;
    }
    if (cmd >= Id003Codes.RESET && cmd <= Id003Codes.WAIT) {
      return operate(cmd);
    }
    if (cmd >= 0xC0 && cmd <= 0xC7 && phase != Phase.POWER_UP) {
      settings.put(cmd, request.data());
      return request;
    }
    int setting = cmd + Id003Codes.SETTING_STATUS_OFFSET;
    if (cmd >= 0x80 && cmd <= 0x87 && settings.containsKey(setting)) {
      return new Id003Frame(cmd, settings.get(setting));
    }
    if (cmd == Id003Codes.VERSION_REQUEST) {
      return new Id003Frame(cmd, VERSION);
    }
    return Id003Frame.of(Id003Codes.INVALID_COMMAND);
  }

  private void remember(String status) {
    if (history.isEmpty() || !history.get(history.size() - 1).equals(status)) {
      if (history.size() == HISTORY_LIMIT) {
        history.remove(0);
      }
      history.add(status);
    }
  }

  /** The status the acceptor reports now; no side effects. */
  Id003Frame status() {
    if (phase == Phase.POWER_UP) {
      return Id003Frame.of(powerUpStatus);
    }
    if (error != 0) {
      return error == Id003Codes.FAILURE ? Id003Frame.of(error, failureCode) : Id003Frame.of(error);
    }
    return switch (phase) {
      case INITIALIZING -> Id003Frame.of(Id003Codes.INITIALIZE);
      case READY -> Id003Frame.of(inhibited() ? Id003Codes.DISABLED : Id003Codes.IDLING);
      case ACCEPTING -> Id003Frame.of(Id003Codes.ACCEPTING);
      case ESCROW -> Id003Frame.of(Id003Codes.ESCROW, noteCode);
      case HOLDING -> Id003Frame.of(Id003Codes.HOLDING);
      case STACKING -> Id003Frame.of(Id003Codes.STACKING);
      case VEND_VALID -> Id003Frame.of(Id003Codes.VEND_VALID);
      case STACKED -> Id003Frame.of(Id003Codes.STACKED);
      case RETURNING -> Id003Frame.of(Id003Codes.RETURNING);
      case REJECTING -> Id003Frame.of(Id003Codes.REJECTING, rejectCode);
      case POWER_UP -> throw new AssertionError("handled above");
    };
  }

  /** One mechanical step after a status was reported. */
  private void advance() {
    if (phase == Phase.POWER_UP || error != 0) {
      return;
    }
    switch (phase) {
      case INITIALIZING, STACKED -> phase = Phase.READY;
      case ACCEPTING -> {
        if (rejectCode == 0 && (noteCode == 0 || DenominationTable.inhibits(mask(), noteCode))) {
          rejectCode = REJECT_INHIBITED;
        }
        if (rejectCode != 0) {
          phase = Phase.REJECTING;
        } else {
          escrowPolls = 0;
          phase = Phase.ESCROW;
        }
      }
      case ESCROW, HOLDING -> {
        if (++escrowPolls > escrowTimeoutPolls) {
          phase = Phase.RETURNING;
        }
      }
      case STACKING -> {
        if (!stallStacking) {
          // VEND VALID is reported once the note is past the point of no return: it is in the cash
          // box now,
          // whether or not the host's ACK ever arrives (a jam or a reset after this cannot give it
          // back).
          cashBox.add(noteFen);
          phase = Phase.VEND_VALID;
        }
      }
      case REJECTING -> giveBack();
      case RETURNING -> {
        if (!stallReturning) {
          giveBack();
        }
      }
      default -> {}
    }
  }

  private void giveBack() {
    returned.add(noteFen);
    phase = Phase.READY;
  }

  private void acknowledged() {
    if (phase != Phase.VEND_VALID || error != 0) {
      return;
    }
    if (dropNextAck) {
      dropNextAck = false;
      return;
    }
    acks++;
    phase = Phase.STACKED;
  }

  private Id003Frame operate(int cmd) {
    if (cmd == Id003Codes.RESET) {
      reset();
      return Id003Frame.of(ACK);
    }
    if (cmd == Id003Codes.WAIT) {
      return Id003Frame.of(ACK);
    }
    if ((phase != Phase.ESCROW && phase != Phase.HOLDING) || error != 0) {
      return Id003Frame.of(Id003Codes.INVALID_COMMAND);
    }
    switch (cmd) {
      case Id003Codes.STACK_1, Id003Codes.STACK_2 -> phase = Phase.STACKING;
      case Id003Codes.RETURN -> phase = Phase.RETURNING;
      default -> {
        phase = Phase.HOLDING;
        escrowPolls = 0;
      }
    }
    return Id003Frame.of(ACK);
  }

  /** RESET: a bill left in the acceptor is returned, one in the stacker is stacked; settings go. */
  private void reset() {
    if (phase == Phase.POWER_UP) {
      if (powerUpStatus == Id003Codes.POWER_UP_BILL_IN_ACCEPTOR) {
        returned.add(powerUpBill);
      } else if (powerUpStatus == Id003Codes.POWER_UP_BILL_IN_STACKER && !powerUpBillBoxed) {
        cashBox.add(powerUpBill);
        stackedWithoutVendValid++;
      }
    } else if (phase != Phase.READY
        && phase != Phase.INITIALIZING
        && phase != Phase.STACKED
        && phase != Phase.VEND_VALID) {
      returned.add(noteFen);
    }
    error = 0;
    defaultSettings();
    phase = Phase.INITIALIZING;
  }

  /** Draws a note in, or refuses it when the acceptor cannot take it now. */
  boolean draw(long fen, int reject) {
    if (phase != Phase.READY || error != 0 || inhibited()) {
      return false;
    }
    noteFen = fen;
    noteCode = table.code(fen).orElse(0);
    rejectCode = reject;
    phase = Phase.ACCEPTING;
    return true;
  }

  /** Power off and on; the note in flight decides which power-up status is reported. */
  void powerCycle() {
    switch (phase) {
      case ACCEPTING, ESCROW, HOLDING, RETURNING, REJECTING ->
          powerUp(Id003Codes.POWER_UP_BILL_IN_ACCEPTOR, noteFen);
      case STACKING -> powerUp(Id003Codes.POWER_UP_BILL_IN_STACKER, noteFen);
      case VEND_VALID -> {
        powerUp(Id003Codes.POWER_UP_BILL_IN_STACKER, noteFen);
        powerUpBillBoxed = true; // already in the cash box since VEND VALID
      }
      default -> powerUp(Id003Codes.POWER_UP, 0);
    }
  }

  void powerUp(int status, long bill) {
    powerUpBillBoxed = false;
    phase = Phase.POWER_UP;
    powerUpStatus = status;
    powerUpBill = bill;
    error = 0;
    stallStacking = false;
    stallReturning = false;
    dropNextAck = false;
    defaultSettings();
  }

  void clearError(int... codes) {
    for (int c : codes) {
      if (error == c) {
        error = 0;
      }
    }
  }

  private void defaultSettings() {
    settings.clear();
    settings.put(Id003Codes.SET_DENOMINATIONS, new byte[] {0, 0});
    settings.put(Id003Codes.SET_SECURITY, new byte[] {0, 0});
    settings.put(Id003Codes.SET_COMMUNICATION_MODE, new byte[] {0});
    settings.put(Id003Codes.SET_INHIBIT, new byte[] {1});
  }

  byte[] mask() {
    return settings.get(Id003Codes.SET_DENOMINATIONS);
  }

  boolean inhibited() {
    byte[] inhibit = settings.get(Id003Codes.SET_INHIBIT);
    return inhibit.length == 0 || inhibit[0] != 0;
  }
}
