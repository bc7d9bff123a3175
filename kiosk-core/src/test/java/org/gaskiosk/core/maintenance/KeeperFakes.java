package org.gaskiosk.core.maintenance;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.gaskiosk.core.port.BodySwitches;
import org.gaskiosk.core.port.Indicators;
import org.gaskiosk.core.port.Receipt;
import org.gaskiosk.core.port.ReceiptPrinter;

/** Plain fakes of the body's devices for the maintenance tests. */
final class KeeperFakes {
  private KeeperFakes() {}

  static final class Printer implements ReceiptPrinter {
    final List<Receipt> printed = new CopyOnWriteArrayList<>();

    @Override
    public PrintResult print(Receipt receipt) {
      printed.add(receipt);
      return PrintResult.ok();
    }

    @Override
    public boolean canPrint() {
      return true;
    }
  }

  static final class Switches implements BodySwitches {
    private final Map<Switch, Boolean> open = new EnumMap<>(Switch.class);
    private final List<BiConsumer<Switch, Boolean>> listeners = new ArrayList<>();

    void set(Switch s, boolean isOpen) {
      open.put(s, isOpen);
      listeners.forEach(l -> l.accept(s, isOpen));
    }

    @Override
    public boolean isOpen(Switch which) {
      return open.getOrDefault(which, false);
    }

    @Override
    public void onChange(BiConsumer<Switch, Boolean> listener) {
      listeners.add(listener);
    }
  }

  static final class Lights implements Indicators {
    volatile boolean alarm;

    @Override
    public void mode(Mode mode) {}

    @Override
    public void cardSlotLight(boolean on) {}

    @Override
    public void beep() {}

    @Override
    public void alarm(boolean on) {
      alarm = on;
    }

    @Override
    public void shutdown() {
      alarm = false;
    }
  }
}
