package org.gaskiosk.sim.card;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What a simulated card keeps in its EEPROM: everything that survives a power loss. Images are
 * immutable; a command that changes the card produces a new image, which the slot persists before
 * the card answers.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = PurseImage.class, name = "purse"),
  @JsonSubTypes.Type(value = MemoryImage.class, name = "sle4442"),
  @JsonSubTypes.Type(value = OtherCardImage.class, name = "other")
})
public sealed interface SimCardImage permits PurseImage, MemoryImage, OtherCardImage {

  /** The number the card is known by in the simulator (its file name, the API's path). */
  String cardNo();

  /** The row of {@code GET /sim/cards}. */
  SimCardInfo info(boolean inserted);
}
