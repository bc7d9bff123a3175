package org.gaskiosk.sim.card;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated card reader slot and the cards that can be put into it. The cards' EEPROM lives in
 * a folder (see {@link CardStore}); every command is applied all or nothing: the card computes its
 * next state, the slot persists it, and only then does the answer leave the card. The card in the
 * slot persists too, so a demo killed with SIGKILL restarts with the same card inserted.
 *
 * <p>Stimuli for tests and the control API: {@link #insert}, {@link #remove}, {@link #tearNext},
 * {@link #latency}, {@link #corruptNext}, {@link #setReaderAttached}, {@link #onCommand}.
 * Transports ({@link SimTerminalProvider}, later vpcd) reach the card through {@link #powerOn} and
 * {@link #transmit}. Thread-safe.
 */
public final class SimCardSlot {
  private static final Logger LOG = LoggerFactory.getLogger(SimCardSlot.class);

  /** Whether something happens before or after the card applies a command. */
  public enum When {
    BEFORE_APPLY,
    AFTER_APPLY
  }

  /**
   * Called before and after each command is applied. A test may throw an {@link Error} here to cut
   * the power at that instant: the card state on disk is then exactly "not applied" (before) or
   * "applied" (after).
   */
  @FunctionalInterface
  public interface CommandHook {
    void at(int ins, When phase);
  }

  /** What a transport gets back for one command. */
  public sealed interface Outcome {
    /** The card's answer, data and status word (possibly corrupted on purpose). */
    record Answer(byte[] response) implements Outcome {}

    /** The card left the slot before answering. */
    record Pulled() implements Outcome {}
  }

  /**
   * A powered card.
   *
   * @param insertion identifies this insertion; commands for an older insertion find no card
   * @param atr the answer to reset; empty for a mute card
   */
  public record Contact(long insertion, byte[] atr) {}

  private record Tear(int ins, When when) {}

  private record Corruption(int ins, UnaryOperator<byte[]> rewrite) {}

  private static final Outcome PULLED = new Outcome.Pulled();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final CardStore store;
  private final SimCardOs os;
  private final Map<String, SimCardImage> cards;
  private String inserted;
  private long insertion;
  private long changes;
  private CardRam ram = CardRam.RESET;
  private boolean readerAttached = true;
  private Duration latency = Duration.ZERO;
  private Tear tear;
  private Corruption corruption;
  private CommandHook hook = (ins, phase) -> {};

  private SimCardSlot(
      CardStore store, SimCardOs os, Map<String, SimCardImage> cards, String inserted) {
    this.store = store;
    this.os = os;
    this.cards = cards;
    this.inserted = inserted;
  }

  /** Opens the slot over {@code folder}, creating the fixture cards if it holds none. */
  public static SimCardSlot open(Path folder, IssuerKeys keys) throws IOException {
    return open(folder, keys, new SecureRandom());
  }

  /**
   * @param random the cards' source of INITIALIZE FOR LOAD randoms (seeded in chaos runs)
   */
  public static SimCardSlot open(Path folder, IssuerKeys keys, RandomGenerator random)
      throws IOException {
    CardStore store = new CardStore(folder);
    Map<String, SimCardImage> cards = new TreeMap<>(store.loadAll());
    if (cards.isEmpty()) {
      for (SimCardImage image : SimCardFixtures.images()) {
        store.write(image);
        cards.put(image.cardNo(), image);
      }
      LOG.info("created {} fixture cards in {}", cards.size(), folder);
    }
    String inserted = store.loadInserted().filter(cards::containsKey).orElse(null);
    return new SimCardSlot(store, new SimCardOs(keys, random), cards, inserted);
  }

  /** Puts the card into the slot; a card already there is pulled first. */
  public void insert(String cardNo) {
    lock.lock();
    try {
      if (!cards.containsKey(cardNo)) {
        throw new IllegalArgumentException("no simulated card " + cardNo);
      }
      if (inserted != null) {
        pullLocked();
      }
      inserted = cardNo;
      changedLocked();
      LOG.info("card {} inserted", cardNo);
    } finally {
      lock.unlock();
    }
  }

  /** Pulls the card out of the slot (nothing happens if the slot is empty). */
  public void remove() {
    lock.lock();
    try {
      if (inserted != null) {
        LOG.info("card {} removed", inserted);
        pullLocked();
      }
    } finally {
      lock.unlock();
    }
  }

  public Optional<String> insertedCardNo() {
    return locked(() -> Optional.ofNullable(inserted));
  }

  /** Every simulated card, in card-number order, for {@code GET /sim/cards}. */
  public List<SimCardInfo> list() {
    return locked(
        () -> cards.values().stream().map(c -> c.info(c.cardNo().equals(inserted))).toList());
  }

  /** The card's current EEPROM image, for tests and invariant checkers. */
  public Optional<SimCardImage> image(String cardNo) {
    return locked(() -> Optional.ofNullable(cards.get(cardNo)));
  }

  /** Adds a card (an expired or locked purse, a foreign or mute card) and persists it. */
  public void addCard(SimCardImage image) {
    lock.lock();
    try {
      if (cards.containsKey(image.cardNo())) {
        throw new IllegalArgumentException("card " + image.cardNo() + " exists already");
      }
      write(image);
      cards.put(image.cardNo(), image);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes a card that is not in the slot out of this slot's reach, to carry it to another kiosk's
   * slot ({@link #bringIn}): a chaos campaign's residents walk between kiosks.
   */
  public SimCardImage carryAway(String cardNo) {
    lock.lock();
    try {
      if (cardNo.equals(inserted)) {
        throw new IllegalStateException("card " + cardNo + " is in the slot; pull it first");
      }
      SimCardImage image = cards.remove(cardNo);
      if (image == null) {
        throw new IllegalArgumentException("no simulated card " + cardNo + " at this slot");
      }
      return image;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Puts a card carried from another slot (or changed outside any kiosk, e.g. by the gas meter
   * taking its balance) within reach of this slot, replacing any image of the same number.
   */
  public void bringIn(SimCardImage image) {
    lock.lock();
    try {
      if (image.cardNo().equals(inserted)) {
        throw new IllegalStateException("card " + image.cardNo() + " is in the slot");
      }
      write(image);
      cards.put(image.cardNo(), image);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next command with this INS is applied ({@link When#AFTER_APPLY}) or not ({@link
   * When#BEFORE_APPLY}), then the card is pulled before it answers.
   */
  public void tearNext(int ins, When when) {
    Tear next = new Tear(ins, Objects.requireNonNull(when));
    locked(() -> tear = next);
  }

  /** Every answer takes this long (real cards: 10-50 ms); pulling the card cuts it short. */
  public void latency(Duration latency) {
    locked(() -> this.latency = latency.isNegative() ? Duration.ZERO : latency);
  }

  /** The next answer to a command with this INS is passed through {@code rewrite} (garbage). */
  public void corruptNext(int ins, UnaryOperator<byte[]> rewrite) {
    Corruption next = new Corruption(ins, Objects.requireNonNull(rewrite));
    locked(() -> corruption = next);
  }

  /** Plugs the reader in or out; with no reader, listing readers fails as pcsc-lite does. */
  public void setReaderAttached(boolean attached) {
    lock.lock();
    try {
      if (readerAttached != attached) {
        readerAttached = attached;
        changes++;
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Replaces the command hook; null removes it. */
  public void onCommand(CommandHook hook) {
    CommandHook next = hook == null ? (ins, phase) -> {} : hook;
    locked(() -> this.hook = next);
  }

  // ---- the transport side ----

  public boolean isReaderAttached() {
    return locked(() -> readerAttached);
  }

  public boolean isCardPresent() {
    return locked(() -> readerAttached && inserted != null);
  }

  /** Blocks on the slot's condition until the card is present (or absent), or the time is up. */
  public boolean awaitPresence(boolean present, Duration timeout) throws InterruptedException {
    lock.lock();
    try {
      long nanos = timeout.toNanos();
      while ((readerAttached && inserted != null) != present) {
        if (nanos <= 0) {
          return false;
        }
        nanos = changed.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Counts insertions, removals and reader plugs: a transport's {@code waitForChange} waits on it.
   */
  public long changes() {
    return locked(() -> changes);
  }

  /** Waits until {@link #changes()} differs from {@code seen}, or the time is up. */
  public boolean awaitChange(long seen, Duration timeout) throws InterruptedException {
    lock.lock();
    try {
      long nanos = timeout.toNanos();
      while (changes == seen) {
        if (nanos <= 0) {
          return false;
        }
        nanos = changed.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Powers the card in the slot (if any) and returns its contact. */
  public Optional<Contact> powerOn() {
    return locked(
        () ->
            readerAttached && inserted != null
                ? Optional.of(new Contact(insertion, SimCardOs.atr(cards.get(inserted))))
                : Optional.empty());
  }

  /** A warm reset: the card forgets its RAM (selected application, prepared load). */
  public void reset(long insertion) {
    locked(() -> ram = this.insertion == insertion ? CardRam.RESET : ram);
  }

  /**
   * Executes one command on the card of insertion {@code insertion}.
   *
   * @throws UncheckedIOException if the card's EEPROM file cannot be written (the simulator's disk
   *     failed: the command is not applied)
   */
  public Outcome transmit(long insertion, byte[] apdu) {
    lock.lock();
    try {
      waitLatency(insertion);
      if (!inContact(insertion)) {
        return PULLED;
      }
      int ins = apdu.length >= 2 ? apdu[1] & 0xFF : -1;
      Tear tearThis = tear != null && tear.ins() == ins ? tear : null;
      Corruption corruptThis = corruption != null && corruption.ins() == ins ? corruption : null;
      if (tearThis != null) {
        tear = null;
      }
      if (corruptThis != null) {
        corruption = null;
      }
      hook.at(ins, When.BEFORE_APPLY);
      if (tearThis != null && tearThis.when() == When.BEFORE_APPLY) {
        LOG.info("card {} torn before applying INS {}", inserted, String.format("%02X", ins));
        pullLocked();
        return PULLED;
      }
      SimCardImage before = cards.get(inserted);
      CardStep step = os.execute(before, ram, apdu);
      if (step.image() != before) {
        write(step.image());
        cards.put(inserted, step.image());
      }
      ram = step.ram();
      hook.at(ins, When.AFTER_APPLY);
      if (tearThis != null) {
        LOG.info("card {} torn after applying INS {}", inserted, String.format("%02X", ins));
        pullLocked();
        return PULLED;
      }
      byte[] response = step.response().clone();
      return new Outcome.Answer(
          corruptThis == null ? response : corruptThis.rewrite().apply(response));
    } finally {
      lock.unlock();
    }
  }

  private <T> T locked(Supplier<T> action) {
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }

  private boolean inContact(long insertion) {
    return readerAttached && inserted != null && this.insertion == insertion;
  }

  private void waitLatency(long insertion) {
    long nanos = latency.toNanos();
    while (nanos > 0 && inContact(insertion)) {
      try {
        nanos = changed.awaitNanos(nanos);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void pullLocked() {
    inserted = null;
    changedLocked();
  }

  private void changedLocked() {
    insertion++;
    changes++;
    ram = CardRam.RESET;
    try {
      store.writeInserted(inserted);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot persist the slot in " + store.folder(), e);
    }
    changed.signalAll();
  }

  private void write(SimCardImage image) {
    try {
      store.write(image);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot persist card " + image.cardNo(), e);
    }
  }
}
