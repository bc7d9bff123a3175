package org.gaskiosk.sim.printer;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keeps every printed receipt as one JSON file in a folder ({@code receipt-000001.json}, ...), so a
 * demo restart keeps them. A file is written under a temporary name and renamed, so a crash leaves
 * either the whole receipt or none.
 */
final class ReceiptStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "receipt-";
  private static final String SUFFIX = ".json";
  private final Path folder;

  ReceiptStore(Path folder) throws IOException {
    this.folder = folder;
    Files.createDirectories(folder);
  }

  List<SimReceipt> loadAll() throws IOException {
    List<SimReceipt> out = new ArrayList<>();
    try (var files = Files.list(folder)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.getFileName().toString();
        if (name.startsWith(PREFIX) && name.endsWith(SUFFIX)) {
          try {
            out.add(JSON.readValue(p.toFile(), SimReceipt.class));
          } catch (IOException e) {
            throw new IOException("cannot read simulated receipt " + p + ": " + e.getMessage(), e);
          }
        } else if (name.endsWith(".tmp")) {
          Files.deleteIfExists(p); // left by a crash; never the only copy of a receipt
        }
      }
    }
    out.sort(Comparator.comparingInt(SimReceipt::number));
    return out;
  }

  void save(SimReceipt receipt) throws IOException {
    Path target = folder.resolve(String.format("%s%06d%s", PREFIX, receipt.number(), SUFFIX));
    Path temp = folder.resolve(target.getFileName() + ".tmp");
    JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), receipt);
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
