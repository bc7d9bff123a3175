package org.gaskiosk.sim.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine a run measured: cores, memory, JDK, OS, and its load when the run started. */
final class Machine {
  private Machine() {}

  static ObjectNode describe() {
    ObjectNode m = Figures.JSON.createObjectNode();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("ramMb", memTotalMb());
    m.put(
        "jdk",
        System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version", System.getProperty("java.version")));
    m.put(
        "os",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch")
            + osRelease());
    m.put(
        "loadAverage",
        Figures.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    m.put("cpu", cpuModel());
    return m;
  }

  private static long memTotalMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (Exception e) {
      // not Linux: unknown
    }
    return -1;
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (Exception e) {
      // unknown
    }
    return "unknown";
  }

  private static String osRelease() {
    try {
      for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
        if (line.startsWith("PRETTY_NAME=")) {
          return " (" + line.substring(12).replace("\"", "") + ")";
        }
      }
    } catch (Exception e) {
      // unknown
    }
    return "";
  }
}
