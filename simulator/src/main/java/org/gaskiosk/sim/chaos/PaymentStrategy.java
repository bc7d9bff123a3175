package org.gaskiosk.sim.chaos;

/**
 * How a resident pays on the pay-method screen. The campaign draws one strategy per purchase from
 * those the kiosk offers (the view's {@code methods}): cash, and QR by scanner or shown code while
 * the central system can be reached.
 */
interface PaymentStrategy {

  /** The method name as the kiosk's {@code choose-payment} action and view call it. */
  String method();

  /**
   * Pays (or not) for {@code due} fen on the screen the kiosk showed after {@code choose-payment},
   * and finishes or walks away.
   */
  void pay(Session session, long due) throws Exception;

  /** Sets up the world for this payment (the provider's behaviour) before the method is chosen. */
  default void beforeChoose(Session session) {}

  /** What a strategy may do with the kiosk and the world: one resident's session. */
  interface Session {
    ChaosKiosk kiosk();

    Rng rng();

    /**
     * Starts a traced step (the clock does not move: only {@link #advance} and walking away do).
     */
    void step(String what);

    void note(String what);

    void fault(FaultKind kind);

    /** After a kiosk action: handles a power cut, reconciles, checks every invariant. */
    boolean afterAction() throws Exception;

    /** After something outside the kiosk's actions (a card pulled): the kiosk settles first. */
    boolean afterEvent() throws Exception;

    /** The resident walks away: the clock moves past the screen's timeout. */
    void walkAway(java.time.Duration timeout) throws Exception;

    /** The resident pulls the card out of the slot. */
    void pullCard();

    /** Performs a kiosk action and notes its outcome; true when the kiosk did it. */
    boolean act(String action, java.util.Map<String, Object> body) throws Exception;

    /** The central system, which is also the QR payment provider. */
    org.gaskiosk.sim.central.InProcessCentral central();

    /** Time passes (every kiosk looks at it); the caller's afterEvent checks. */
    void advance(java.time.Duration d);

    /** The provider's paid notices of this session get lost on the way to the kiosk. */
    void loseNotices();

    /** The kiosk's link to the central system drops (back after the session). */
    void brokerDown();

    /** Pays on the cash screen, as the cash strategy does. */
    void payCash(long due) throws Exception;
  }
}
