package org.gaskiosk.sim;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gaskiosk.core.port.LookupResult;
import org.gaskiosk.sim.central.CentralSimulator;
import org.gaskiosk.sim.central.FleetRecord;

/** The control API's view of the central simulator. */
final class CentralAdapter implements CentralControl {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private final CentralSimulator central;

  CentralAdapter(CentralSimulator central) {
    this.central = central;
  }

  @Override
  public Map<String, Object> ledger() {
    return JSON.convertValue(
        central.ledger(), new com.fasterxml.jackson.core.type.TypeReference<>() {});
  }

  @Override
  public Object settlements() {
    return central.settlements();
  }

  @Override
  public Object meterAlerts() {
    return central.meterAlerts().values();
  }

  @Override
  public Object accounts() {
    return central.accounts();
  }

  @Override
  public Object serviceRequests() {
    return central.residents().serviceRequests;
  }

  @Override
  public Object feedback() {
    var r = central.residents();
    return Map.of("ratings", r.ratings, "byKiosk", r.ratingsByKiosk, "rated", r.ratedTxns.size());
  }

  @Override
  public void setSafety(String cardNo, String safety, String notice) {
    if (central.account(cardNo).isEmpty()) {
      throw new IllegalArgumentException("no account for card " + cardNo);
    }
    LookupResult.Safety s =
        switch (safety) {
          case "ok" -> LookupResult.Safety.OK;
          case "inspection-due", "due" -> LookupResult.Safety.INSPECTION_DUE;
          case "hold" -> LookupResult.Safety.HOLD;
          default ->
              throw new IllegalArgumentException("safety must be ok, inspection-due or hold");
        };
    central.setSafety(cardNo, s, notice);
  }

  @Override
  public String createOrder(String cardNo, long amount, long money) {
    if (central.account(cardNo).isEmpty()) {
      throw new IllegalArgumentException("no account for card " + cardNo);
    }
    return central.createOrder(cardNo, amount, money);
  }

  @Override
  public Object fleet() {
    return central.fleetConsole();
  }

  @Override
  public String sendCommand(
      String kioskId,
      String name,
      com.fasterxml.jackson.databind.JsonNode args,
      Duration validity) {
    return central.sendCommand(kioskId, name, args, validity);
  }

  @Override
  public void pushConfig(
      String kioskId, long version, com.fasterxml.jackson.databind.JsonNode config) {
    central.pushConfig(kioskId, version, config);
  }

  @Override
  public Map<String, Object> logs(String kioskId) {
    FleetRecord r = central.fleet(kioskId);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kioskId", kioskId);
    out.put("collectionId", r.logCollectionId);
    out.put("chunks", r.logChunks.size());
    out.put("text", String.join("", r.logChunks.values()));
    return out;
  }
}
