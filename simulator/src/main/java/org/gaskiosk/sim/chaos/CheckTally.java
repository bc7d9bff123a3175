package org.gaskiosk.sim.chaos;

import java.util.List;

/**
 * Counts the invariant checks made, for every rule alike, and adds each violated one to the list of
 * the round of checks that made it (the summary reports both counts).
 */
final class CheckTally {
  private long passed;
  private long failed;

  void expect(List<String> violations, boolean ok, String message) {
    if (ok) {
      passed++;
    } else {
      failed++;
      violations.add(message);
    }
  }

  long passed() {
    return passed;
  }

  long failed() {
    return failed;
  }
}
