package org.gaskiosk.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The fleet console page ({@code GET /fleet} on the simulator's port): plain HTML and JavaScript
 * that polls {@code GET /sim/central/fleet} every two seconds; no build step.
 */
final class FleetConsole {
  private static final String PAGE = load();

  private FleetConsole() {}

  static String page() {
    return PAGE;
  }

  private static String load() {
    try (InputStream in = FleetConsole.class.getResourceAsStream("fleet-console.html")) {
      if (in == null) {
        throw new IllegalStateException("fleet-console.html is missing from the simulator's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
