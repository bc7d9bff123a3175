package org.gaskiosk.core.journal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One transition of a recharge: the target state, the columns it sets, and the events it publishes.
 * Built by the engine, applied by {@link RechargeJournal#apply} in one database transaction.
 */
public final class Change {
  private final TxnState to;
  private final Map<String, Object> columns = new LinkedHashMap<>();
  private final List<PendingEvent> events = new ArrayList<>();
  private String detail = "";

  private Change(TxnState to) {
    this.to = to;
  }

  public static Change to(TxnState state) {
    return new Change(state);
  }

  /**
   * Sets a column of the recharge row; only columns listed in {@link RechargeJournal} are accepted.
   */
  public Change set(String column, Object value) {
    columns.put(column, value);
    return this;
  }

  public Change event(String type, Map<String, Object> body) {
    events.add(new PendingEvent(type, body));
    return this;
  }

  public Change detail(String text) {
    this.detail = text;
    return this;
  }

  TxnState target() {
    return to;
  }

  Map<String, Object> columns() {
    return columns;
  }

  List<PendingEvent> events() {
    return events;
  }

  String detailText() {
    return detail;
  }
}
