package org.gaskiosk.sim.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The figures of a run: each printed as one JSON line the moment it is measured, and kept. */
final class Figures {
  static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream out;
  private final List<ObjectNode> all = new ArrayList<>();

  Figures(PrintStream out) {
    this.out = out;
  }

  /** A new figure line named {@code figure}; {@link #emit} prints it. */
  static ObjectNode figure(String figure) {
    ObjectNode n = JSON.createObjectNode();
    n.put("figure", figure);
    return n;
  }

  /**
   * Adds the goal verdict: {@code met}, and when missed {@code missedBy} as a sentence with the
   * factor.
   *
   * @param lowerIsBetter whether the measured value must stay at or below the goal
   */
  static void goal(ObjectNode n, String what, double value, double goal, boolean lowerIsBetter) {
    boolean met = lowerIsBetter ? value <= goal : value >= goal;
    ObjectNode g = n.putObject("goal");
    g.put("what", what);
    g.put("value", round(value));
    g.put("goal", (lowerIsBetter ? "<= " : ">= ") + goal);
    g.put("met", met);
    if (!met && !lowerIsBetter && value <= 0) {
      g.put(
          "missedBy",
          String.format("%s is %s, goal >= %s: missed entirely", what, fmt(value), fmt(goal)));
    } else if (!met) {
      double factor = lowerIsBetter ? value / goal : goal / value;
      g.put(
          "missedBy",
          String.format(
              "%s is %s, goal %s %s: missed by %.0f%% (factor %.2f)",
              what,
              fmt(value),
              lowerIsBetter ? "<=" : ">=",
              fmt(goal),
              (factor - 1) * 100,
              factor));
    }
  }

  synchronized void emit(ObjectNode n) {
    all.add(n);
    out.println(n.toString());
    out.flush();
  }

  synchronized List<ObjectNode> all() {
    return List.copyOf(all);
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  static double millis(long nanos) {
    return round(nanos / 1e6);
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.format("%.2f", v);
  }
}
