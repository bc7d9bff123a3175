package org.gaskiosk.core.fleet;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where telemetry finds what it reports besides the JVM, the link and the faults.
 *
 * @param devices each device's state now, e.g. {@code bill-acceptor -> idle}, {@code printer ->
 *     paper-low}; called on the fleet thread, must not block
 * @param cashBox the cash box now, or null on a kiosk without one; the supplier may return null
 * @param dataFolder whose file system's free space is reported
 * @param thermalRoot {@code /sys/class/thermal} on Linux; a folder without thermal zones (or a
 *     missing one) means no temperature is reported
 */
public record TelemetrySources(
    Supplier<Map<String, String>> devices,
    Supplier<CashBox> cashBox,
    Path dataFolder,
    Path thermalRoot) {

  public static final Path LINUX_THERMAL = Path.of("/sys/class/thermal");

  public TelemetrySources {
    Objects.requireNonNull(devices, "devices");
    Objects.requireNonNull(dataFolder, "dataFolder");
    Objects.requireNonNull(thermalRoot, "thermalRoot");
  }

  /**
   * The cash box's contents since the last collection.
   *
   * @param notes banknotes in it
   * @param valueFen their value
   */
  public record CashBox(long notes, long valueFen) {}
}
