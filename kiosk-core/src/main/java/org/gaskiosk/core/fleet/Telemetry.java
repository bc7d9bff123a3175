package org.gaskiosk.core.fleet;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Builds the {@code tele} message (schema {@code tele/1}, docs/mqtt.md): uptime, heap, disk, CPU
 * temperature where the platform has thermal zones, devices, cash box, mode and open faults, outbox
 * depth and the age of the last central contact. Every part that cannot be read is left out rather
 * than failing the whole message.
 */
final class Telemetry {
  static final String SCHEMA = "tele/1";

  private final String kioskId;
  private final String bootId;
  private final Clock clock;
  private final Instant startedAt;
  private final TelemetrySources sources;
  private final FleetLink link;
  private final Faults faults;
  private final LongSupplier configVersion;

  Telemetry(
      String kioskId,
      String bootId,
      Clock clock,
      TelemetrySources sources,
      FleetLink link,
      Faults faults,
      LongSupplier configVersion) {
    this.kioskId = kioskId;
    this.bootId = bootId;
    this.clock = clock;
    this.startedAt = clock.instant();
    this.sources = sources;
    this.link = link;
    this.faults = faults;
    this.configVersion = configVersion;
  }

  ObjectNode snapshot() {
    Instant now = clock.instant();
    ObjectNode n = JsonFile.JSON.createObjectNode();
    n.put("schema", SCHEMA);
    n.put("kioskId", kioskId);
    n.put("bootId", bootId);
    n.put("ts", now.toString());
    n.put("uptimeS", Duration.between(startedAt, now).toSeconds());
    Runtime rt = Runtime.getRuntime();
    ObjectNode heap = n.putObject("heap");
    heap.put("usedBytes", rt.totalMemory() - rt.freeMemory());
    heap.put("maxBytes", rt.maxMemory());
    disk(n);
    temperature(n);
    KioskMode mode = faults.mode();
    n.put("mode", mode.kind().wireName());
    n.put("modeReason", mode.reason());
    ArrayNode open = n.putArray("openFaults");
    for (Fault f : faults.open()) {
      open.addObject()
          .put("faultId", f.faultId())
          .put("device", f.device())
          .put("code", f.code())
          .put("severity", f.severity().wireName())
          .put("since", f.raisedAt().toString());
    }
    devices(n);
    cashBox(n);
    FleetLink.Status s = link.status();
    n.put("outboxDepth", s.outboxDepth());
    if (s.lastCentralContact() == null) {
      n.putNull("lastCentralContactAgeS");
    } else {
      n.put("lastCentralContactAgeS", Duration.between(s.lastCentralContact(), now).toSeconds());
    }
    n.put("configVersion", configVersion.getAsLong());
    return n;
  }

  private void disk(ObjectNode n) {
    try {
      FileStore store = Files.getFileStore(sources.dataFolder());
      n.putObject("disk")
          .put("freeBytes", store.getUsableSpace())
          .put("totalBytes", store.getTotalSpace());
    } catch (IOException | RuntimeException e) {
      n.putNull("disk");
    }
  }

  /**
   * The hottest thermal zone, in degrees Celsius; absent where there are none (containers, VMs).
   */
  private void temperature(ObjectNode n) {
    Double hottest = null;
    if (Files.isDirectory(sources.thermalRoot())) {
      try (DirectoryStream<Path> zones =
          Files.newDirectoryStream(sources.thermalRoot(), "thermal_zone*")) {
        for (Path zone : zones) {
          Double c = celsius(zone.resolve("temp"));
          if (c != null && (hottest == null || c > hottest)) {
            hottest = c;
          }
        }
      } catch (IOException e) {
        hottest = null;
      }
    }
    if (hottest == null) {
      n.putNull("cpuTempC");
    } else {
      n.put("cpuTempC", Math.round(hottest * 10) / 10.0);
    }
  }

  /** Linux reports millidegrees Celsius. */
  private static Double celsius(Path temp) {
    try {
      return Long.parseLong(Files.readString(temp).trim()) / 1000.0;
    } catch (IOException | NumberFormatException e) {
      return null; // some zones refuse to be read (e.g. a sensor that is off)
    }
  }

  private void devices(ObjectNode n) {
    ObjectNode devices = n.putObject("devices");
    try {
      Map<String, String> states = new TreeMap<>(sources.devices().get());
      states.forEach(devices::put);
    } catch (RuntimeException e) {
      devices.put("_error", e.toString());
    }
  }

  private void cashBox(ObjectNode n) {
    TelemetrySources.CashBox box = null;
    try {
      box = sources.cashBox() == null ? null : sources.cashBox().get();
    } catch (RuntimeException e) {
      box = null;
    }
    if (box == null) {
      n.putNull("cashBox");
    } else {
      n.putObject("cashBox").put("notes", box.notes()).put("valueFen", box.valueFen());
    }
  }
}
