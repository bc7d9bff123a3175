package org.gaskiosk.core.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gaskiosk.core.domain.MeterRecord;

/** The meter write-back record as stored in the journal's card snapshot and sent in events. */
public final class MeterJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MeterJson() {}

  public static Map<String, Object> toMap(MeterRecord m) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("remaining", m.remaining());
    out.put("valveClosed", m.valveClosed());
    out.put("lowBattery", m.lowBattery());
    out.put("magneticAttack", m.magneticAttack());
    out.put("leakAlarm", m.leakAlarm());
    out.put("lastUse", m.lastUse() == null ? null : m.lastUse().toString());
    out.put("untakenLoad", m.untakenLoad());
    return out;
  }

  public static String write(MeterRecord m) {
    try {
      return JSON.writeValueAsString(toMap(m));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of plain values always serialises", e);
    }
  }

  public static MeterRecord read(String text) {
    try {
      JsonNode n = JSON.readTree(text);
      JsonNode lastUse = n.path("lastUse");
      return new MeterRecord(
          n.path("remaining").asLong(),
          n.path("valveClosed").asBoolean(),
          n.path("lowBattery").asBoolean(),
          n.path("magneticAttack").asBoolean(),
          n.path("leakAlarm").asBoolean(),
          lastUse.isTextual() ? LocalDate.parse(lastUse.asText()) : null,
          n.path("untakenLoad").asBoolean());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a stored meter record: " + text, e);
    }
  }
}
