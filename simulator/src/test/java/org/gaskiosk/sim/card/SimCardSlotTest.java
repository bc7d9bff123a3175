package org.gaskiosk.sim.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimCardSlotTest {
  @TempDir Path folder;
  private final IssuerKeys keys = IssuerKeys.generate(new Random(1));

  @Test
  void first_start_creates_the_fixture_cards_the_constant_lists() throws Exception {
    SimCardSlot slot = SimCardSlot.open(folder, keys);

    assertThat(slot.list())
        .extracting(
            SimCardInfo::cardNo, SimCardInfo::family, SimCardInfo::unit, SimCardInfo::balance)
        .containsExactlyInAnyOrderElementsOf(
            SimCardFixtures.CARDS.stream()
                .map(
                    f ->
                        org.assertj.core.groups.Tuple.tuple(
                            f.cardNo(), f.family().wireName(), f.unit().wireName(), f.balance()))
                .toList());
  }

  @Test
  void purse_cards_list_their_sequence_and_memory_cards_their_purchase_count() throws Exception {
    SimCardSlot slot = SimCardSlot.open(folder, keys);
    ObjectMapper json = new ObjectMapper();

    assertThat(json.writeValueAsString(row(slot, "3100000000000001")))
        .isEqualTo(
            "{\"cardNo\":\"3100000000000001\",\"family\":\"purse\",\"unit\":\"fen\","
                + "\"balance\":1200,\"sequence\":0,\"inserted\":false}");
    assertThat(row(slot, "4200000000000004").purchaseCount()).isEqualTo(3);
    assertThat(row(slot, "4200000000000004").sequence()).isNull();
    assertThat(row(slot, "9900000000000005").sequence()).isNull();
  }

  @Test
  void an_unknown_card_cannot_be_inserted() throws Exception {
    SimCardSlot slot = SimCardSlot.open(folder, keys);
    assertThatThrownBy(() -> slot.insert("1234")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void inserting_a_second_card_pulls_the_first() throws Exception {
    SimCardSlot slot = SimCardSlot.open(folder, keys);
    slot.insert("3100000000000001");
    slot.insert("3100000000000002");
    assertThat(slot.list()).filteredOn(SimCardInfo::inserted).hasSize(1);
    assertThat(slot.insertedCardNo()).contains("3100000000000002");
  }

  @Test
  void the_inserted_card_and_its_removal_survive_a_restart() throws Exception {
    SimCardSlot slot = SimCardSlot.open(folder, keys);
    slot.insert("3100000000000002");
    assertThat(SimCardSlot.open(folder, keys).insertedCardNo()).contains("3100000000000002");
    slot.remove();
    assertThat(SimCardSlot.open(folder, keys).insertedCardNo()).isEmpty();
  }

  @Test
  void an_existing_folder_is_not_refilled_with_fixtures() throws Exception {
    SimCardSlot slot = SimCardSlot.open(folder, keys);
    slot.addCard(OtherCardImage.mute("0000000000000008"));
    assertThat(SimCardSlot.open(folder, keys).list()).hasSize(SimCardFixtures.CARDS.size() + 1);
  }

  @Test
  void temporary_files_left_by_a_crash_are_removed_at_start() throws Exception {
    SimCardSlot.open(folder, keys);
    Path leftover = folder.resolve("card-3100000000000001.json.123.tmp");
    Files.writeString(leftover, "{half a card");
    SimCardSlot.open(folder, keys);
    assertThat(leftover).doesNotExist();
  }

  @Test
  void issuer_keys_are_generated_once_and_read_back() throws Exception {
    Path file = folder.resolve("issuer-keys.properties");
    IssuerKeys first = IssuerKeys.loadOrCreate(file, new Random(5));
    IssuerKeys second = IssuerKeys.loadOrCreate(file, new Random(6));
    assertThat(second.loadKeyFor("3100000000000001"))
        .isEqualTo(first.loadKeyFor("3100000000000001"));
    assertThat(second.tacKeyFor("3100000000000001"))
        .isEqualTo(first.tacKeyFor("3100000000000001"))
        .isNotEqualTo(first.loadKeyFor("3100000000000001"));
  }

  private static SimCardInfo row(SimCardSlot slot, String cardNo) {
    return slot.list().stream().filter(c -> c.cardNo().equals(cardNo)).findFirst().orElseThrow();
  }
}
