package org.gaskiosk.sim.card;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.gaskiosk.core.io.AtomicFiles;

/**
 * The simulated cards' EEPROM on disk: one JSON file per card ({@code card-<cardNo>.json}) and
 * {@code slot.json} naming the card in the slot. Every write replaces a whole file atomically, so a
 * SIGKILL at any instant leaves each card either before or after a command.
 */
final class CardStore {
  private static final String PREFIX = "card-";
  private static final String SUFFIX = ".json";
  private static final String SLOT_FILE = "slot.json";

  private final Path folder;
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  CardStore(Path folder) throws IOException {
    this.folder = folder;
    Files.createDirectories(folder);
    AtomicFiles.removeLeftovers(folder);
  }

  Path folder() {
    return folder;
  }

  /** Every card, ordered by card number. */
  Map<String, SimCardImage> loadAll() throws IOException {
    Map<String, SimCardImage> cards = new TreeMap<>();
    try (var files = Files.list(folder)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.getFileName().toString();
        if (name.startsWith(PREFIX) && name.endsWith(SUFFIX)) {
          SimCardImage image = json.readValue(Files.readAllBytes(p), SimCardImage.class);
          cards.put(image.cardNo(), image);
        }
      }
    }
    return new LinkedHashMap<>(cards);
  }

  void write(SimCardImage image) throws IOException {
    if (!image.cardNo().matches("[0-9A-Za-z-]{1,40}")) {
      throw new IllegalArgumentException(
          "card number not usable as a file name: " + image.cardNo());
    }
    byte[] bytes = json.writerFor(SimCardImage.class).writeValueAsBytes(image);
    AtomicFiles.write(folder.resolve(PREFIX + image.cardNo() + SUFFIX), bytes);
  }

  Optional<String> loadInserted() throws IOException {
    Path file = folder.resolve(SLOT_FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    return Optional.ofNullable(json.readValue(Files.readAllBytes(file), SlotFile.class).inserted());
  }

  void writeInserted(String cardNoOrNull) throws IOException {
    AtomicFiles.write(
        folder.resolve(SLOT_FILE), json.writeValueAsBytes(new SlotFile(cardNoOrNull)));
  }

  /** Contents of {@code slot.json}. */
  record SlotFile(String inserted) {}
}
