package org.gaskiosk.sim.devices;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.gaskiosk.core.port.Receipt;
import org.gaskiosk.core.port.ReceiptPrinter;

/**
 * A receipt printer that keeps the text of every receipt (the ESC/POS printer and its byte decoding
 * come with their own issue). Receipts are appended to a file so they survive a demo restart.
 */
public final class SimPrinter implements ReceiptPrinter {
  private static final String SEPARATOR = "\u001e"; // ASCII record separator between receipts
  private final Path file;
  private final List<String> receipts = new ArrayList<>();
  private volatile String paper = "ok";

  public SimPrinter(Path folder) {
    this.file = folder.resolve("receipts.txt");
    try {
      Files.createDirectories(folder);
      if (Files.exists(file)) {
        for (String r : Files.readString(file, StandardCharsets.UTF_8).split(SEPARATOR)) {
          if (!r.isBlank()) {
            receipts.add(r.strip());
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read simulated receipts in " + file, e);
    }
  }

  @Override
  public synchronized PrintResult print(Receipt receipt) {
    if (paper.equals("out")) {
      return PrintResult.failed("paper out");
    }
    String text = String.join("\n", receipt.lines());
    receipts.add(text);
    try {
      Files.writeString(
          file,
          text + "\n" + SEPARATOR,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      return PrintResult.failed("simulated printer storage: " + e.getMessage());
    }
    return PrintResult.ok();
  }

  @Override
  public boolean canPrint() {
    return !paper.equals("out");
  }

  public void paper(String state) {
    if (!List.of("ok", "near-end", "out").contains(state)) {
      throw new IllegalArgumentException("paper must be ok, near-end or out");
    }
    this.paper = state;
  }

  public String paper() {
    return paper;
  }

  public synchronized List<String> receipts() {
    return List.copyOf(receipts);
  }
}
