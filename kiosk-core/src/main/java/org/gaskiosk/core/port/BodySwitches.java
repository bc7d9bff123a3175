package org.gaskiosk.core.port;

import java.util.function.BiConsumer;

/** The kiosk body's switches: the cash-box door and the cabinet tamper switch (GPIO). */
public interface BodySwitches {

  /** The switches. */
  enum Switch {
    CASH_BOX_DOOR,
    CABINET_TAMPER
  }

  /** Whether the switch reads open now (a line that cannot be read counts as open). */
  boolean isOpen(Switch which);

  /** Told each debounced change, {@code true} for opened; on a device thread, return quickly. */
  void onChange(BiConsumer<Switch, Boolean> listener);

  /** A body without switches: always shut. */
  BodySwitches NONE =
      new BodySwitches() {
        @Override
        public boolean isOpen(Switch which) {
          return false;
        }

        @Override
        public void onChange(BiConsumer<Switch, Boolean> listener) {}
      };
}
