package org.gaskiosk.core.port;

import java.util.List;

/** The central system's answer to card.service. */
public sealed interface CardServiceResult {

  /**
   * What to write onto the memory card, in this order, after presenting {@code oldPsc} once.
   *
   * @param oldPsc the PSC the card holds now (3 bytes)
   * @param newPsc the PSC the card is to hold after this load (3 bytes); changed by the step the
   *     writes say, so that the purchase count written after it proves the change happened
   * @param expectedPurchaseCount the purchase count the card carries once the load landed: the
   *     card's own evidence for resolving an interrupted write
   * @param steps the writes and the PSC change, in the order to send them
   * @param pscCandidates empty when the card is known to hold {@code oldPsc}; otherwise the two
   *     PSCs the card may hold after an interrupted load (the PSC that load set, then {@code
   *     oldPsc}), to be presented in this order, each at most once, only to a card whose error
   *     counter shows all three tries (docs/card-profile.md)
   */
  record Service(
      byte[] oldPsc,
      byte[] newPsc,
      int expectedPurchaseCount,
      List<Step> steps,
      List<byte[]> pscCandidates)
      implements CardServiceResult {
    public Service {
      oldPsc = oldPsc.clone();
      newPsc = newPsc.clone();
      steps = List.copyOf(steps);
      pscCandidates = pscCandidates.stream().map(byte[]::clone).toList();
    }

    /** The card is known to hold {@code oldPsc}. */
    public Service(byte[] oldPsc, byte[] newPsc, int expectedPurchaseCount, List<Step> steps) {
      this(oldPsc, newPsc, expectedPurchaseCount, steps, List.of());
    }

    @Override
    public List<byte[]> pscCandidates() {
      return pscCandidates.stream().map(byte[]::clone).toList();
    }

    /** What to present, in order, each at most once: the candidates, or the one PSC known. */
    public List<byte[]> pscsToPresent() {
      return pscCandidates.isEmpty() ? List.of(oldPsc()) : pscCandidates();
    }

    @Override
    public byte[] oldPsc() {
      return oldPsc.clone();
    }

    @Override
    public byte[] newPsc() {
      return newPsc.clone();
    }
  }

  /**
   * One card command of a memory-card load.
   *
   * @param what {@code backup}, {@code gas}, {@code psc} or {@code count}: what the step writes
   * @param address where in main memory ({@code -1} for the PSC change)
   * @param data the bytes (the new PSC for {@code psc})
   */
  record Step(String what, int address, byte[] data) {
    public Step {
      data = data.clone();
    }

    @Override
    public byte[] data() {
      return data.clone();
    }

    /** Whether this step changes the PSC rather than writing main memory. */
    public boolean changesPsc() {
      return address < 0;
    }
  }

  /**
   * A definite no (unknown card, image of another card, gas the meter has not taken, PSC state
   * uncertain after an interrupted load).
   */
  record Refused(String code, String message) implements CardServiceResult {}

  /** No answer in time; may be asked again with the same txnId. */
  record Unreachable(String message) implements CardServiceResult {}
}
