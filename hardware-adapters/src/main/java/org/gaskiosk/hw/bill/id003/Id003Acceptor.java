package org.gaskiosk.hw.bill.id003;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.gaskiosk.core.port.BillAcceptor;
import org.gaskiosk.core.port.BillListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JCM ID003 bill acceptor behind the {@link BillAcceptor} port. One poll thread owns the link: it
 * sends STATUS REQUEST every poll interval, writes settings (0xC0 per-denomination mask, 0xC3
 * inhibit) and checks their echo, answers escrow through the listener, credits on VEND VALID and
 * acknowledges only after the credit is durable (see {@link NoteFlow}), resets the acceptor after
 * power-up, and reports every fault with its recovery to a {@link DeviceFaultListener}. Nothing
 * thrown by the link, the listener or a malformed answer escapes the poll thread.
 */
public final class Id003Acceptor implements BillAcceptor {
  private static final Logger log = LoggerFactory.getLogger(Id003Acceptor.class);
  private static final Id003Frame STATUS_REQUEST = Id003Frame.of(Id003Codes.STATUS_REQUEST);

  private final Id003Link.Opener opener;
  private final Id003Config config;
  private final FaultBook faults;
  private final Semaphore wake = new Semaphore(0);
  private final AtomicBoolean reconcileRequested = new AtomicBoolean();
  private volatile boolean running;
  private volatile boolean wantEnabled;
  private volatile Set<Long> accepted;
  private volatile boolean settingsDirty = true;
  private volatile boolean deviceEnabled;
  private volatile int lastStatus = -1;
  private volatile Thread thread;
  private Id003Channel channel;
  private EscrowDecider decider;
  private StatusHandler handler;
  private NoteFlow notes;
  private int missedPolls;
  private volatile int pollFailures;
  private volatile long loops;

  /**
   * @param opener opens the link (again after it was lost), e.g. {@link
   *     SerialId003Link#opener(String)}
   * @param config timing, denominations and the device name
   * @param faultListener receives every fault and its recovery
   */
  public Id003Acceptor(
      Id003Link.Opener opener, Id003Config config, DeviceFaultListener faultListener) {
    this.opener = Objects.requireNonNull(opener);
    this.config = Objects.requireNonNull(config);
    this.faults = new FaultBook(config.device(), Objects.requireNonNull(faultListener));
    this.accepted = config.accepted();
  }

  @Override
  public synchronized void start(BillListener listener) {
    if (thread != null) {
      throw new IllegalStateException(config.device() + " is already started");
    }
    decider = new EscrowDecider(listener, config.escrowAnswerBound(), config.device());
    notes = new NoteFlow(listener, decider, config.denominations(), faults, () -> wantEnabled);
    handler = new StatusHandler(notes, faults, config.clock(), config.transientBound());
    running = true;
    thread = new Thread(this::run, config.device() + "-poll");
    thread.setDaemon(true);
    thread.setUncaughtExceptionHandler(
        (t, e) -> log.error("{} poll thread died; the acceptor is unattended", config.device(), e));
    thread.start();
  }

  @Override
  public void enable() {
    changeSettings(true, accepted);
  }

  @Override
  public void inhibit() {
    changeSettings(false, accepted);
  }

  /**
   * Enables exactly these notes (fen) with command 0xC0; the others are inhibited by the device.
   */
  public void accept(Set<Long> fen) {
    config.denominations().inhibitMask(fen);
    changeSettings(wantEnabled, Set.copyOf(fen));
  }

  private void changeSettings(boolean enabled, Set<Long> notesAccepted) {
    wantEnabled = enabled;
    accepted = notesAccepted;
    settingsDirty = true;
    wake.release();
  }

  /**
   * True once the acceptor echoed "not inhibited", the engine still wants notes, and no fault (jam,
   * cash box out, stacker full, failure, lost link) keeps notes out.
   */
  @Override
  public boolean isEnabled() {
    return wantEnabled && deviceEnabled && !settingsDirty && !faults.blocksNotes();
  }

  @Override
  public void stop() {
    Thread t;
    synchronized (this) {
      t = thread;
      wantEnabled = false;
      settingsDirty = true;
      running = false;
    }
    wake.release();
    if (t != null) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String health() {
    Map<AcceptorFault, String> active = faults.snapshot();
    if (active.isEmpty()) {
      return "ok: " + Id003Codes.statusName(lastStatus) + (isEnabled() ? ", accepting notes" : "");
    }
    return active.entrySet().stream()
        .map(e -> e.getKey().code() + ": " + e.getValue())
        .collect(Collectors.joining("; "));
  }

  /** Whether the poll thread is alive (false before start, after stop, or if it died). */
  public boolean isPolling() {
    Thread t = thread;
    return t != null && t.isAlive();
  }

  /**
   * How many times the poll loop went round (polls and reopen attempts alike). A value that stops
   * growing while {@link #isPolling()} holds means the thread hangs, e.g. in a read the OS never
   * returns from; the service's watchdog looks at it.
   */
  public long loopCount() {
    return loops;
  }

  /** Polls that ended in an unexpected exception (a driver bug); 0 in a healthy driver. */
  public int pollFailures() {
    return pollFailures;
  }

  /** The active faults, code to text. */
  public Map<String, String> activeFaults() {
    return faults.snapshot().entrySet().stream()
        .collect(Collectors.toMap(e -> e.getKey().code(), Map.Entry::getValue));
  }

  /** The last status the acceptor reported ("idling", "escrow"...), or "unknown-0xFFFFFFFF". */
  public String lastStatus() {
    return Id003Codes.statusName(lastStatus);
  }

  /** Maintenance settled every unresolved note: the reconciliation fault ends on the next poll. */
  public void reconciled() {
    reconcileRequested.set(true);
    wake.release();
  }

  // ---- the poll thread ----------------------------------------------------------------------

  private void run() {
    log.info("{} polling every {}", config.device(), config.pollInterval());
    while (running) {
      loops++; // only this thread writes it
      try {
        if (channel == null) {
          connect();
        }
        if (channel != null) {
          pollOnce();
        }
      } catch (IOException e) {
        linkBroken(e);
      } catch (RuntimeException e) {
        pollFailures++;
        log.error("{} poll failed in status {}", config.device(), lastStatus(), e);
      }
      pause(channel == null ? config.reopenBackoff().toMillis() : config.pollInterval().toMillis());
    }
    leaveInhibited();
    decider.close();
  }

  private void connect() {
    try {
      Id003Link link = opener.open();
      channel = new Id003Channel(link, config.clock(), config.responseTimeout());
      settingsDirty = true;
      log.info("{} link open: {}", config.device(), link.describe());
    } catch (IOException | RuntimeException e) {
      faults.raise(AcceptorFault.LINK_LOST, "cannot open the acceptor's link: " + e.getMessage());
    }
  }

  private void pollOnce() throws IOException {
    if (reconcileRequested.getAndSet(false)) {
      notes.reconciled();
    }
    applySettings();
    Optional<Id003Frame> reply = channel.request(STATUS_REQUEST);
    if (reply.isEmpty()) {
      missedPolls++;
      if (missedPolls >= config.missedPollsForLinkLost()) {
        faults.raise(
            AcceptorFault.LINK_LOST,
            "no valid answer from "
                + channel.describe()
                + " to "
                + config.missedPollsForLinkLost()
                + " polls in a row (last status "
                + lastStatus()
                + ")");
      }
      return;
    }
    missedPolls = 0;
    faults.clear(AcceptorFault.LINK_LOST);
    Id003Frame status = reply.get();
    handler.handle(status, commands);
    lastStatus = handler.last();
    afterStatus(status.code());
  }

  private void afterStatus(int s) throws IOException {
    if (Id003Codes.isPowerUp(s)) {
      // Reset returns a bill left in the acceptor and stacks one left in the stacker; the flow has
      // already recorded what that means for the money. Settings are lost on power-up.
      deviceEnabled = false;
      settingsDirty = true;
      operate(Id003Codes.RESET);
    } else if (s == Id003Codes.INITIALIZE) {
      settingsDirty = true;
    } else if ((s == Id003Codes.IDLING && !wantEnabled)
        || (s == Id003Codes.DISABLED && wantEnabled)) {
      settingsDirty = true;
    }
  }

  private void applySettings() throws IOException {
    int s = handler.last();
    if (!settingsDirty
        || !(s == Id003Codes.IDLING || s == Id003Codes.DISABLED || s == Id003Codes.INITIALIZE)) {
      return;
    }
    settingsDirty = false;
    boolean enable = wantEnabled;
    byte[] mask = config.denominations().inhibitMask(accepted);
    boolean ok =
        echoed(Id003Frame.of(Id003Codes.SET_COMMUNICATION_MODE, 0))
            && echoed(new Id003Frame(Id003Codes.SET_DENOMINATIONS, mask))
            && echoed(Id003Frame.of(Id003Codes.SET_SECURITY, 0, 0))
            && echoed(Id003Frame.of(Id003Codes.SET_INHIBIT, enable ? 0 : 1));
    if (ok) {
      deviceEnabled = enable;
    } else {
      settingsDirty = true;
    }
  }

  private boolean echoed(Id003Frame setting) throws IOException {
    Optional<Id003Frame> echo = channel.request(setting);
    if (echo.isPresent() && echo.get().equals(setting)) {
      return true;
    }
    log.warn(
        "{} setting {} not echoed (got {}); retried next poll",
        config.device(),
        setting,
        echo.map(Id003Frame::toString).orElse("nothing"));
    return false;
  }

  private boolean operate(int command) throws IOException {
    Optional<Id003Frame> answer = channel.request(Id003Frame.of(command));
    if (answer.isPresent() && answer.get().code() == Id003Codes.ACK) {
      return true;
    }
    log.warn(
        "{} command {} answered {}",
        config.device(),
        String.format("0x%02X", command),
        answer.map(Id003Frame::toString).orElse("nothing"));
    return false;
  }

  private final NoteFlow.Commands commands =
      new NoteFlow.Commands() {
        @Override
        public boolean operate(int command) throws IOException {
          return Id003Acceptor.this.operate(command);
        }

        @Override
        public void acknowledgeVendValid() throws IOException {
          channel.send(Id003Frame.of(Id003Codes.ACK));
        }
      };

  private void linkBroken(IOException e) {
    log.error("{} link {} broken", config.device(), channel == null ? "?" : channel.describe(), e);
    faults.raise(AcceptorFault.LINK_LOST, "the acceptor's link failed: " + e.getMessage());
    if (channel != null) {
      channel.close();
      channel = null;
    }
    deviceEnabled = false;
    missedPolls = 0;
  }

  private void leaveInhibited() {
    if (channel == null) {
      return;
    }
    try {
      echoed(Id003Frame.of(Id003Codes.SET_INHIBIT, 1));
    } catch (IOException e) {
      log.warn("{} could not inhibit the acceptor while stopping", config.device(), e);
    }
    deviceEnabled = false;
    channel.close();
    channel = null;
  }

  private void pause(long millis) {
    try {
      if (wake.tryAcquire(millis, TimeUnit.MILLISECONDS)) {
        wake.drainPermits();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }
}
