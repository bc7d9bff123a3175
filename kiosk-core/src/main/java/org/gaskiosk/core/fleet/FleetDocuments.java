package org.gaskiosk.core.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * The signed documents of docs/mqtt.md, built in one place for both sides (the central system signs
 * what these return with {@link SignedMessages#sign}).
 */
public final class FleetDocuments {
  private FleetDocuments() {}

  /**
   * A {@code cmd/1} document for {@code kiosk/v1/{kioskId}/cmd/{name}}.
   *
   * @param args the command's arguments, an object (may be empty)
   */
  public static byte[] command(
      String kioskId,
      String name,
      String cmdId,
      Instant issuedAt,
      Instant expiresAt,
      JsonNode args) {
    ObjectNode n = JsonFile.JSON.createObjectNode();
    n.put("schema", RemoteCommands.SCHEMA);
    n.put("cmdId", cmdId);
    n.put("kioskId", kioskId);
    n.put("name", name);
    n.put("issuedAt", issuedAt.toString());
    n.put("expiresAt", expiresAt.toString());
    n.set("args", args == null ? JsonFile.JSON.createObjectNode() : args);
    return bytes(n);
  }

  /** A {@code cfg/1} document for the retained {@code kiosk/v1/{kioskId}/cfg}. */
  public static byte[] config(String kioskId, long version, Instant issuedAt, JsonNode config) {
    ObjectNode n = JsonFile.JSON.createObjectNode();
    n.put("schema", ConfigUpdates.SCHEMA);
    n.put("kioskId", kioskId);
    n.put("version", version);
    n.put("issuedAt", issuedAt.toString());
    n.set("config", config);
    return bytes(n);
  }

  private static byte[] bytes(JsonNode n) {
    try {
      return JsonFile.JSON.writeValueAsBytes(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always serialises", e);
    }
  }
}
