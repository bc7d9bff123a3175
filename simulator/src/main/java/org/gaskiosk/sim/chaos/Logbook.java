package org.gaskiosk.sim.chaos;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a campaign did: the trace of its steps and notes, and the faults it injected counted by
 * kind. Stops a replay once its last step ran whole.
 */
final class Logbook {
  private final Trace trace;
  private final long replayTo;
  private final Map<FaultKind, Long> faults = new EnumMap<>(FaultKind.class);

  /**
   * @param replayTo the step a replay stops after (0: run to the end)
   */
  Logbook(Consumer<String> traceSink, long replayTo) {
    this.trace = new Trace(traceSink);
    this.replayTo = replayTo;
  }

  /** Starts the next traced step. */
  void step(String what) {
    if (replayTo > 0 && trace.currentStep() >= replayTo) {
      throw new ReplayStop(); // step replayTo ran whole, its checks included
    }
    trace.step(what);
  }

  void note(String what) {
    trace.note(what);
  }

  void fault(FaultKind kind) {
    faults.merge(kind, 1L, Long::sum);
  }

  /** Every kind of fault by its label, in the order of {@link FaultKind}, none left out. */
  Map<String, Long> faultsByLabel() {
    Map<String, Long> byLabel = new LinkedHashMap<>();
    for (FaultKind f : FaultKind.values()) {
      byLabel.put(f.label, faults.getOrDefault(f, 0L));
    }
    return byLabel;
  }

  long currentStep() {
    return trace.currentStep();
  }

  List<String> tail() {
    return trace.tail();
  }

  String digestHex() {
    return trace.digestHex();
  }

  /** Thrown to stop a replay at the requested step. */
  static final class ReplayStop extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ReplayStop() {
      super(null, null, false, false);
    }
  }
}
